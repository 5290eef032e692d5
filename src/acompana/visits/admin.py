from django.contrib import admin

from acompana.common.admin import listed
from acompana.visits.models import (
    AccompanimentObservation,
    Commitment,
    Diagnosis,
    Dialogue,
    FieldNote,
    Instrument,
    InstrumentItem,
    InstrumentResponse,
    ItemAnswer,
    Protocol,
    ProtocolStep,
    ProtocolVersion,
    Round,
    SentReminder,
    StatusChange,
    Visit,
)


class ProtocolStepInline(admin.TabularInline):
    model = ProtocolStep
    extra = 0


listed(Protocol, "name", "program", filters=("program",))
listed(ProtocolVersion, "protocol", "number", "created_at", inlines=[ProtocolStepInline])
listed(ProtocolStep, "version", "position", "title")
listed(Round, "name", "cohort", "starts_on", "ends_on", filters=("program",))


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["scheduled_at", "mentor", "mentee", "mode", "status", "program"]
    list_filter = ["program", "status", "mode"]
    list_select_related = ["mentor__user", "mentee__user", "program"]
    autocomplete_fields = ["mentor", "mentee"]
    inlines = [StatusChangeInline]


listed(StatusChange, "visit", "from_status", "to_status", "reason", "at", filters=("reason",))
listed(FieldNote, "visit", "version", "updated_at")
listed(Dialogue, "visit", "version", "shared_at")
listed(Commitment, "text", "mentee", "due_on", "status", filters=("status",))


class InstrumentItemInline(admin.TabularInline):
    model = InstrumentItem
    extra = 0


listed(
    Instrument,
    "name",
    "kind",
    "program",
    filters=("kind", "program"),
    inlines=[InstrumentItemInline],
)
listed(InstrumentItem, "instrument", "code", "title", "verification")


class ItemAnswerInline(admin.TabularInline):
    model = ItemAnswer
    extra = 0


listed(InstrumentResponse, "visit", "instrument", "created_at", inlines=[ItemAnswerInline])
listed(ItemAnswer, "response", "item", "level", "checked")
listed(Diagnosis, "mentee", "mentor", "made_on")
listed(AccompanimentObservation, "visit", "specialist", "created_at", "replied_at")
listed(SentReminder, "kind", "key", "user", "sent_at", filters=("kind",))
