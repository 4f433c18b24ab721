from django.contrib import admin

from .models import Congress, Holiday, Plan


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    """Read-only: plans change through the congress office's services, which audit them."""

    list_display = ["document", "organization", "term", "congresses_held_by", "opened_at"]
    list_select_related = ["document", "organization", "term"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Congress)
class CongressAdmin(PlanAdmin):
    list_display = ["__str__", "organization", "ordinal", "kind", "is_pilot", "state", "scheduled_on"]
    list_select_related = ["organization", "plan__term"]
    list_filter = ["state", "kind", "is_pilot"]
    search_fields = ["organization__name"]
