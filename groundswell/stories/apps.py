from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "groundswell.stories"
    label = "stories"

    def ready(self) -> None:
        from groundswell.chronicle import verbs
        from groundswell.people import personal_data
        from groundswell.stories import personal_data as stories_data

        personal_data.register("stories", export=stories_data.export, erase=stories_data.erase)

        # Story entries carry no actor (see stories.actions), so "Groundswell" starts each phrase.
        verbs.register(
            {
                "told_story": "welcomed a new story",
                "edited_story": "updated a story",
                "recorded_consent": "recorded new consent for a story",
                "withdrew_story": "withdrew a story",
                "checked_story": "checked a story for identifying details",
                "exported_stories": "exported stories",
            }
        )
