from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "groundswell.consultations"
    label = "consultations"

    def ready(self) -> None:
        from groundswell.chronicle import verbs
        from groundswell.consultations import personal_data as consultations_data
        from groundswell.people import personal_data

        personal_data.register("insights", export=consultations_data.export, erase=consultations_data.erase)

        verbs.register(
            {
                "granted_centre": "gave someone the centre capacity",
                "revoked_centre": "took back someone's centre capacity",
                "sent_ask": "sent an ask from the centre",
                "updated_ask": "changed an ask",
                "closed_ask": "closed an ask",
                "reopened_ask": "opened an ask again",
                "added_ask_document": "added a document to an ask",
                "removed_ask_document": "removed a document from an ask",
                "placed_ask_on_agenda": "put an ask on a gathering's agenda",
                "added_insight": "added an insight",
                "checked_insight_wording": "checked an insight's wording before sharing",
                "requested_synthesis": "asked for the themes to be computed",
                "computed_synthesis": "computed the themes of an ask",
                "named_expected_theme": "named an expected theme",
                "renamed_theme": "renamed a theme",
                "marked_theme_urgent": "marked a theme as urgent",
                "unmarked_theme_urgent": "marked a theme as no longer urgent",
                "moved_insights": "moved insights between themes",
                "merged_themes": "merged two themes",
                "split_theme": "split a theme",
                "published_synthesis": "published the themes of an ask",
                "unpublished_synthesis": "took back the themes of an ask",
                "responded": "recorded the centre's response",
            }
        )
