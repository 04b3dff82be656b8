from django.contrib import admin

from groundswell.gatherings.models import ActionItem, FeedbackToCentre, Gathering, HarvestNote, Registration, Series


class RegistrationInline(admin.TabularInline[Registration, Gathering]):
    model = Registration
    extra = 0
    raw_id_fields = ["person", "invited_by", "attendance_recorded_by"]
    # Access needs are for organisers in the app, and never exported.
    exclude = ["access_needs"]


@admin.register(Gathering)
class GatheringAdmin(admin.ModelAdmin[Gathering]):
    list_display = ["title", "community", "starts_at", "status", "format"]
    list_filter = ["status", "format"]
    search_fields = ["title"]
    raw_id_fields = ["community", "series", "created_by"]
    filter_horizontal = ["facilitators"]
    inlines = [RegistrationInline]


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin[Series]):
    list_display = ["title", "community", "every_months", "meetings"]
    raw_id_fields = ["community", "created_by"]
    filter_horizontal = ["core_roster"]


admin.site.register(HarvestNote)
admin.site.register(ActionItem)
admin.site.register(FeedbackToCentre)
