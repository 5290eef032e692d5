from django.contrib import admin

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


@admin.register(Protocol)
class ProtocolAdmin(admin.ModelAdmin):
    list_display = ["name", "program"]
    list_filter = ["program"]


@admin.register(ProtocolVersion)
class ProtocolVersionAdmin(admin.ModelAdmin):
    list_display = ["protocol", "number", "created_at"]
    inlines = [ProtocolStepInline]


@admin.register(ProtocolStep)
class ProtocolStepAdmin(admin.ModelAdmin):
    list_display = ["version", "position", "title"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["name", "cohort", "starts_on", "ends_on"]
    list_filter = ["program"]


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


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["visit", "from_status", "to_status", "reason", "at"]
    list_filter = ["reason"]


@admin.register(FieldNote)
class FieldNoteAdmin(admin.ModelAdmin):
    list_display = ["visit", "version", "updated_at"]


@admin.register(Dialogue)
class DialogueAdmin(admin.ModelAdmin):
    list_display = ["visit", "version", "shared_at"]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["text", "mentee", "due_on", "status"]
    list_filter = ["status"]


class InstrumentItemInline(admin.TabularInline):
    model = InstrumentItem
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "program"]
    list_filter = ["kind", "program"]
    inlines = [InstrumentItemInline]


@admin.register(InstrumentItem)
class InstrumentItemAdmin(admin.ModelAdmin):
    list_display = ["instrument", "code", "title", "verification"]


class ItemAnswerInline(admin.TabularInline):
    model = ItemAnswer
    extra = 0


@admin.register(InstrumentResponse)
class InstrumentResponseAdmin(admin.ModelAdmin):
    list_display = ["visit", "instrument", "created_at"]
    inlines = [ItemAnswerInline]


@admin.register(ItemAnswer)
class ItemAnswerAdmin(admin.ModelAdmin):
    list_display = ["response", "item", "level", "checked"]


@admin.register(Diagnosis)
class DiagnosisAdmin(admin.ModelAdmin):
    list_display = ["mentee", "mentor", "made_on"]


@admin.register(AccompanimentObservation)
class AccompanimentObservationAdmin(admin.ModelAdmin):
    list_display = ["visit", "specialist", "created_at", "replied_at"]


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "key", "user", "sent_at"]
    list_filter = ["kind"]
