from django.contrib import admin

from .admin_mixins import ReadOnlyAdmin
from .models import AuditEntry, Document, DocumentVersion


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "target_type", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_repr", "actor__username"]
    date_hierarchy = "at"


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["kind", "object_id", "status", "progress", "current", "worker", "updated_at"]
    list_filter = ["kind", "status"]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ReadOnlyAdmin):
    list_display = ["filename", "number", "document", "size", "pages", "created_at", "requested_by"]
    list_filter = ["document__kind"]
    date_hierarchy = "created_at"
