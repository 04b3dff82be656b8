from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "groundswell.communities"
    label = "communities"

    def ready(self) -> None:
        from groundswell.chronicle import verbs

        verbs.register(
            {
                "created_community": "started the community",
                "joined": "joined",
                "accepted_invitation": "accepted an invitation and joined",
                "left": "left the community",
                "added_member": "added a member",
                "removed_member": "removed a member",
                "changed_role": "changed a member's role",
                "invited": "invited someone",
                "resent_invitation": "sent an invitation again",
                "revoked_invitation": "withdrew an invitation",
                "requested_membership": "asked to join",
                "approved_membership": "welcomed a new member",
                "declined_membership": "declined a request to join",
                "updated_community": "updated the community's description",
                "changed_lifecycle": "moved the community to a new stage",
                "imported_people": "imported people from a spreadsheet",
                "invitation_lapsed": "noted that an invitation lapsed",
                "declined_invitation": "noted a declined invitation",
            }
        )
