from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from .models import Department, Organization, Person, StaffRole, TeamMembership


@admin.register(Organization)
class OrganizationAdmin(GuardedModelAdmin):
    list_display = ["name", "kind", "parent", "order", "overdue_reminder_days"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "head"]
    list_filter = ["organization"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "department", "title", "branch", "user"]
    list_filter = ["organization"]
    search_fields = ["name", "user__username"]


class TeamMembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "organization", "position", "rank"]
    filter_horizontal = ["oversees"]


admin.site.register(TeamMembership, TeamMembershipAdmin)
admin.site.register(StaffRole)
