from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from acompana.accounts.models import AccessRequest, CalendarFeed, Invitation, Membership, User
from acompana.common.admin import listed


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["program"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "preferred_language", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Person"),
            {"fields": ("first_name", "last_name", "preferred_language", "email_reminders")},
        ),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "program", "role", "created_at"]
    list_filter = ["role", "program"]
    search_fields = ["user__email", "program__name"]
    autocomplete_fields = ["user", "program"]


listed(CalendarFeed, "user", "created_at", readonly_fields=["token"])


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the product writes itself: looked at in the admin, never edited there."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["user", "program", "created_at", "expires_at", "used_at", "revoked_at"]
    list_filter = ["program"]
    list_select_related = ["user", "program"]
    search_fields = ["user__email"]
    exclude = ["token_hash"]


@admin.register(AccessRequest)
class AccessRequestAdmin(ReadOnlyAdmin):
    list_display = ["key", "created_at"]
