"""The system administrator's pages for the registry: regions, organisations, websites, people and roles."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from nianbao.web.registry.models import Organisation, Region, RoleAssignment, User, Website


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["website", "region"]


@admin.register(User)
class NianbaoUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("年报", {"fields": ("display_name",)}))
    list_display = ("username", "display_name", "is_active", "last_login")
    search_fields = ("username", "display_name")
    inlines = [RoleInline]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    search_fields = ("code", "name")
    list_filter = ("level",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "region")
    search_fields = ("name",)


@admin.register(Website)
class WebsiteAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "site_type", "region", "active")
    search_fields = ("code", "name")
    list_filter = ("site_type", "active")
    autocomplete_fields = ["region", "sponsor", "organizer"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "website", "region", "created_at")
    list_filter = ("role",)
    autocomplete_fields = ["user", "website", "region"]
