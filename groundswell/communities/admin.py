from django.contrib import admin
from django.http import HttpRequest

from groundswell.communities.models import Community, Invitation, Membership


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin[Community]):
    list_display = ["name", "kind", "privacy", "lifecycle", "created_at"]
    list_filter = ["kind", "privacy", "lifecycle"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["role_counts"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    """Read-only: memberships change through the community pages, which keep history and counts."""

    list_display = ["person", "community", "role", "status", "joined_at", "left_at"]
    list_filter = ["role", "status"]
    raw_id_fields = ["person", "community"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Membership | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Membership | None = None) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["email", "community", "role", "status", "last_sent_at", "send_count"]
    list_filter = ["status"]
    exclude = ["token_hash"]
    raw_id_fields = ["community", "invited_by"]
