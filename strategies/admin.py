from django.contrib import admin

from core.admin_mixins import ReadOnlyAdmin

from .models import Revision, StatusChange, Strategy


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    fields = ["at", "from_status", "to_status", "by", "reason", "decision"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Strategy)
class StrategyAdmin(ReadOnlyAdmin):
    """Read-only: strategies change through the officers' pages, where every change is audited."""

    list_display = ["title", "board", "start_year", "end_year", "status", "updated_at"]
    list_filter = ["board", "status"]
    search_fields = ["title"]
    inlines = [StatusChangeInline]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["strategy", "number", "status", "created_at", "created_by"]
    list_filter = ["strategy__board", "status"]
