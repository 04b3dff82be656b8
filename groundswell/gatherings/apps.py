from django.apps import AppConfig


class GatheringsConfig(AppConfig):
    name = "groundswell.gatherings"
    label = "gatherings"

    def ready(self) -> None:
        from groundswell.chronicle import verbs
        from groundswell.gatherings import personal_data as gatherings_data
        from groundswell.people import personal_data

        personal_data.register("gatherings", export=gatherings_data.export, erase=gatherings_data.erase)

        verbs.register(
            {
                "scheduled_series": "planned a meeting series",
                "scheduled_gathering": "planned a gathering",
                "opened_registration": "opened registration for a gathering",
                "cancelled_gathering": "cancelled a gathering",
                "updated_gathering": "changed a gathering's details",
                "updated_series": "changed a meeting series",
                "added_photo": "added a photo to a gathering's harvest",
                "removed_photo": "removed a photo from a gathering's harvest",
                "invited_to_gathering": "invited someone to a gathering",
                "registered": "registered for a gathering",
                "joined_waitlist": "joined a gathering's waiting list",
                "promoted_from_waitlist": "got a place from the waiting list",
                "cancelled_registration": "gave up a place at a gathering",
                "sent_apologies": "sent apologies for a gathering",
                "declined_gathering": "declined a gathering",
                "recorded_attendance": "recorded who came to a gathering",
                "added_agenda_item": "added to a gathering's agenda",
                "moved_agenda_item": "reordered a gathering's agenda",
                "added_pre_read": "added a pre-read to an agenda item",
                "removed_pre_read": "removed a pre-read from an agenda item",
                "added_note": "added harvest notes",
                "added_action": "agreed an action",
                "updated_action": "moved an action on",
                "added_feedback": "added feedback to the centre",
                "sent_reminder": "sent reminders for a gathering",
                "added_open_space_room": "added a room to an Open Space grid",
                "added_open_space_time": "added a time slot to an Open Space grid",
                "proposed_session": "proposed an Open Space session",
                "withdrew_session": "withdrew an Open Space session",
                "added_cafe_round": "added a World Café round",
                "added_cafe_table": "added a World Café table",
            }
        )
