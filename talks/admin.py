from django.contrib import admin

from .models import PairNote, PlannedCriticism, Talk, TalkEvent, TalkPart, TalkParticipant


class PlannedCriticismInline(admin.TabularInline):
    model = PlannedCriticism
    extra = 0


class TalkPartInline(admin.StackedInline):
    model = TalkPart
    extra = 0


class TalkEventInline(admin.TabularInline):
    model = TalkEvent
    extra = 0
    readonly_fields = ["from_state", "to_state", "action", "actor", "note", "at"]


@admin.register(Talk)
class TalkAdmin(admin.ModelAdmin):
    list_display = ["meeting", "person_a", "person_b", "talked_on", "state"]
    list_filter = ["state"]
    inlines = [TalkPartInline, PlannedCriticismInline, TalkEventInline]
    # States move only through talks.workflow.talk_transition, which records history.
    readonly_fields = ["state"]


@admin.register(PairNote)
class PairNoteAdmin(admin.ModelAdmin):
    list_display = ["meeting", "kind", "person_a", "person_b", "reason", "created_by"]
    list_filter = ["kind"]


@admin.register(TalkParticipant)
class TalkParticipantAdmin(admin.ModelAdmin):
    list_display = ["meeting", "person", "is_representative"]
