"""Admin pages. Responses and answers are read-only, and the invitation list shows only
whether someone answered: nothing in the admin joins an anonymous response to a person."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from acompana.common.admin import listed
from acompana.surveys.models import (
    Answer,
    Distribution,
    Invitation,
    Option,
    Question,
    Questionnaire,
    Response,
)


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0


listed(
    Questionnaire,
    "title_es",
    "title_en",
    "version",
    "program",
    "template_key",
    filters=("program",),
)
listed(
    Question,
    "questionnaire",
    "position",
    "kind",
    "text_es",
    "text_en",
    "required",
    inlines=[OptionInline],
)
listed(Option, "question", "position", "text_es", "text_en")
listed(
    Distribution,
    "questionnaire",
    "role",
    "cohort",
    "trigger",
    "anonymous",
    "opens_on",
    filters=("program", "trigger", "anonymous"),
)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["distribution", "user", "answered", "emailed_on", "reminder_count"]
    list_filter = ["answered"]
    raw_id_fields = ["user", "visit"]
    exclude = ["token"]


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Response)
class ResponseAdmin(ReadOnly):
    # Anonymous responses have no respondent and no date to show.
    list_display = ["id", "distribution", "respondent", "cohort", "modality", "role"]
    list_filter = ["role", "modality"]


@admin.register(Answer)
class AnswerAdmin(ReadOnly):
    list_display = ["response", "question", "option", "number"]
