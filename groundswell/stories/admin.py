"""Read-only admin for stories: every write goes through stories.actions, and a withdrawn story
is not shown here either (it belongs to its teller alone)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from groundswell.stories.models import ConsentRecord, Story


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ConsentInline(_ReadOnly, admin.TabularInline[ConsentRecord, Story]):
    model = ConsentRecord
    fk_name = "story"
    extra = 0


@admin.register(Story)
class StoryAdmin(_ReadOnly, admin.ModelAdmin[Story]):
    list_display = ["id", "title", "community", "genre", "created_at"]
    list_filter = ["genre"]
    search_fields = ["title"]
    inlines = [ConsentInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Story]:
        return super().get_queryset(request).current().select_related("community")  # type: ignore[attr-defined,no-any-return]
