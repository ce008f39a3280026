from django.contrib import admin

from .models import (
    AspectTemplate,
    AspectTemplateItem,
    Meeting,
    MeetingAspect,
    Milestone,
    PhaseWaiver,
    PlanDecision,
    StageChange,
)


class AspectTemplateItemInline(admin.TabularInline):
    model = AspectTemplateItem
    extra = 0


@admin.register(AspectTemplate)
class AspectTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "year", "organization"]
    inlines = [AspectTemplateItemInline]


class MeetingAspectInline(admin.TabularInline):
    model = MeetingAspect
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "kind", "year", "stage"]
    list_filter = ["kind", "stage", "year"]
    inlines = [MeetingAspectInline, MilestoneInline]
    # Stages move only through meetings.workflow.meeting_transition, which records history.
    readonly_fields = ["stage"]


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    list_display = ["meeting", "action", "from_stage", "to_stage", "actor", "at"]


@admin.register(PhaseWaiver)
class PhaseWaiverAdmin(admin.ModelAdmin):
    list_display = ["meeting", "phase", "reason", "by", "at"]


@admin.register(PlanDecision)
class PlanDecisionAdmin(admin.ModelAdmin):
    list_display = ["submission", "body", "status", "decided_by", "decided_at"]
