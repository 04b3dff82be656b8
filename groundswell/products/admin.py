from django.contrib import admin

from groundswell.products.models import Authorship, LifeEvent, Product, StageChange, Version


class AuthorshipInline(admin.TabularInline[Authorship, Product]):
    model = Authorship
    extra = 0
    raw_id_fields = ["person", "organisation", "added_by"]


class StageChangeInline(admin.TabularInline[StageChange, Product]):
    model = StageChange
    extra = 0
    raw_id_fields = ["by"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin[Product]):
    list_display = ["title", "kind", "stage", "rung", "published_on", "updated_at"]
    list_filter = ["kind", "stage", "rung"]
    search_fields = ["title"]
    raw_id_fields = ["created_by", "communities", "born_at"]
    inlines = [AuthorshipInline, StageChangeInline]


@admin.register(LifeEvent)
class LifeEventAdmin(admin.ModelAdmin[LifeEvent]):
    list_display = ["product", "kind", "occurred_on", "verified"]
    list_filter = ["kind", "verified"]
    raw_id_fields = ["product", "version", "organisation", "gathering", "recorded_by", "verified_by"]
    # An outside reader's email is for the convenors who verify the report, not the admin.
    exclude = ["reporter_email"]


admin.site.register(Version)
