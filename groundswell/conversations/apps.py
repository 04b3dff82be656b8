from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "groundswell.conversations"
    label = "conversations"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from groundswell.chronicle import verbs
        from groundswell.conversations import personal_data as conversations_data
        from groundswell.people import personal_data

        personal_data.register("posts", export=conversations_data.export, erase=conversations_data.erase)
        from groundswell.conversations import middleware

        verbs.register(
            {
                "started_thread": "started a conversation",
                "asked_question": "asked the network a question",
                "replied": "replied in a conversation",
                "edited_post": "edited a post",
                "accepted_answer": "accepted an answer",
                "withdrew_accepted_answer": "withdrew an accepted answer",
                "reported_post": "reported a post",
                "hid_post": "hid a post",
                "removed_post": "removed a post",
                "restored_post": "restored a post",
                "dismissed_report": "looked into a report and took no action",
                "updated_guidelines": "updated the community's guidelines",
                "attached_file": "attached a file",
                "sent_digest": "was sent a digest",
            }
        )
        user_logged_in.connect(middleware.seen_at_sign_in, dispatch_uid="conversations.seen_at_sign_in")
