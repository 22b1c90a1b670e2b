from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """
    For records that change only through the services (which audit them) or never change at all:
    site administrators can look, and use the portal's own pages to act.
    """

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
