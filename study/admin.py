from django.contrib import admin

from .models import StudyAttendance, StudyMaterial, StudySession


@admin.register(StudyMaterial)
class StudyMaterialAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "organization", "is_archived"]
    list_filter = ["kind", "is_archived"]


class StudyAttendanceInline(admin.TabularInline):
    model = StudyAttendance
    extra = 0
    raw_id_fields = ["person"]


@admin.register(StudySession)
class StudySessionAdmin(admin.ModelAdmin):
    list_display = ["held_on", "form", "topic", "meeting"]
    list_filter = ["form"]
    inlines = [StudyAttendanceInline]
    raw_id_fields = ["owner"]
