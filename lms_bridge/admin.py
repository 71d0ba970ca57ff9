"""Staff screens (Django admin, /django-admin/): platforms, keys, invitations, launches, outbox."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import registration, services
from .models import (
    CourseLink,
    Deployment,
    Launch,
    Platform,
    RegistrationInvite,
    ScoreOutbox,
    ToolKey,
)


class DeploymentInline(admin.TabularInline):
    model = Deployment
    extra = 1
    fields = ["deployment_id", "is_active", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "issuer", "client_id", "is_active", "source", "created_at"]
    list_filter = ["is_active", "source"]
    search_fields = ["name", "issuer", "client_id"]
    readonly_fields = ["uuid", "source", "created_at", "updated_at", "tool_urls"]
    inlines = [DeploymentInline]
    fieldsets = [
        (None, {"fields": ["name", "is_active", "source"]}),
        (
            _("From the platform (Moodle: Tool configuration details)"),
            {
                "fields": [
                    "issuer",
                    "client_id",
                    "auth_login_url",
                    "auth_token_url",
                    "auth_audience",
                    "jwks_url",
                ]
            },
        ),
        (_("For the platform (enter these in Moodle)"), {"fields": ["tool_urls"]}),
    ]

    @admin.display(description=_("Tool URLs"))
    def tool_urls(self, obj):
        urls = services.tool_urls()
        return format_html(
            "<dl>{}</dl>",
            format_html_join("", "<dt>{}</dt><dd><code>{}</code></dd>", urls.items()),
        )


@admin.register(ToolKey)
class ToolKeyAdmin(admin.ModelAdmin):
    list_display = ["kid", "created_at", "retired_at", "publish_until"]
    readonly_fields = ["kid", "public_jwk", "created_at", "retired_at", "publish_until"]
    exclude = ["private_key_pem"]

    def has_add_permission(self, request):
        return False  # `manage.py lti_rotate_keys`


@admin.register(RegistrationInvite)
class RegistrationInviteAdmin(admin.ModelAdmin):
    list_display = ["note", "created_at", "expires_at", "used_at", "platform", "url"]
    readonly_fields = ["url", "used_at", "platform", "created_by"]
    fields = ["note", "expires_at", "url", "used_at", "platform", "created_by"]

    @admin.display(description=_("Tool URL for Moodle (Dynamic Registration)"))
    def url(self, obj):
        return format_html("<code>{}</code>", registration.invite_url(obj)) if obj.pk else "—"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(CourseLink)
class CourseLinkAdmin(admin.ModelAdmin):
    list_display = ["title", "context_id", "platform", "field", "updated_at"]
    list_filter = ["platform"]
    search_fields = ["title", "context_id"]
    autocomplete_fields: list[str] = []
    raw_id_fields = ["field"]
    readonly_fields = ["platform", "context_id", "memberships_url", "lineitems_url"]


@admin.register(Launch)
class LaunchAdmin(admin.ModelAdmin):
    list_display = ["created_at", "message_type", "platform", "course", "page", "platform_user"]
    list_filter = ["message_type", "platform"]
    list_select_related = ["platform", "course", "page", "platform_user"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ScoreOutbox)
class ScoreOutboxAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "label",
        "score_given",
        "score_maximum",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error_short",
    ]
    list_filter = ["status"]
    search_fields = ["label", "user_sub", "source_key"]
    actions = ["retry"]
    readonly_fields = [f.name for f in ScoreOutbox._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # never lost

    @admin.display(description=_("last error"))
    def last_error_short(self, obj):
        return obj.last_error[:80]

    @admin.action(description=_("Send the selected scores again"))
    def retry(self, request, queryset):
        count = services.scores_retry(outbox_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, _("%(n)d scores queued again.") % {"n": count}, messages.SUCCESS)
