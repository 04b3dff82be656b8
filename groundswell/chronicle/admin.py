from django.contrib import admin

from groundswell.chronicle.models import AccessRecord, Activity


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin[Activity]):
    list_display = ["created_at", "actor", "verb", "target_type", "target_label", "community"]
    list_filter = ["verb"]
    raw_id_fields = ["actor", "community"]
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin[AccessRecord]):
    list_display = ["created_at", "viewer", "subject", "what", "context"]
    raw_id_fields = ["viewer", "subject"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
