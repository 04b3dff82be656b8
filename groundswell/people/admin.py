from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from groundswell.people.models import Affiliation, ApiToken, ExpertiseTag, Organisation, Person


class AffiliationInline(admin.TabularInline[Affiliation, Person]):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Person)
class PersonAdmin(UserAdmin):  # type: ignore[type-arg]
    ordering = ["display_name"]
    list_display = ["display_name", "email", "profession", "region", "is_staff", "is_active"]
    list_filter = ["profession", "region", "is_staff", "is_active"]
    search_fields = ["display_name", "email"]
    inlines = [AffiliationInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("display_name", "profession", "region", "bio", "lay_partner_override")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined", "erased_at")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "display_name", "password1", "password2")}),)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "region", "ods_code"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "ods_code"]


@admin.register(ExpertiseTag)
class ExpertiseTagAdmin(admin.ModelAdmin[ExpertiseTag]):
    search_fields = ["name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["name", "person", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["token_hash", "prefix"]
    raw_id_fields = ["person"]
