from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "groundswell.people"
    label = "people"

    def ready(self) -> None:
        from groundswell.chronicle import verbs

        verbs.register(
            {
                "joined_groundswell": "joined Groundswell",
                "updated_profile": "updated their profile",
                "updated_expertise": "updated their expertise",
                "created_organisation": "added an organisation",
                "added_affiliation": "added an organisation to their profile",
                "ended_affiliation": "recorded leaving an organisation",
                "created_api_token": "created an API token",
                "revoked_api_token": "revoked an API token",
                "erased_person": "erased their personal data",
            }
        )
