from django.contrib import admin

from .models import GeneratedFile


@admin.register(GeneratedFile)
class GeneratedFileAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "format", "status", "requested_by", "created_at"]
    list_filter = ["kind", "format", "status"]
