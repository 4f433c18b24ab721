from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from auditlog.registry import auditlog

        from branches.audit import register_action_labels

        from . import models

        register_action_labels({
            "documents.document.open_comments": _("Opened for comments"),
            "documents.document.close_comments": _("Comments closed"),
            "documents.document.submit": _("Submitted to the superior"),
            "documents.document.approve": _("Approved"),
            "documents.document.return": _("Returned with comments"),
            "documents.document.issued": _("Issued"),
            "documents.document.revised_at_adoption": _("Completed at adoption"),
            "documents.document.superseding_started": _("Replacement started"),
        })

        auditlog.register(
            models.Document,
            include_fields=["doc_type", "subject", "heading", "term", "place", "document_date", "signing_mode",
                            "signing_body", "signer_position", "signer_name", "recipients", "state", "number", "symbol"],
        )
        auditlog.register(models.DocumentVersion, include_fields=["number", "note"])
        auditlog.register(models.Comment, include_fields=["paragraph", "body", "response", "reply"])
        auditlog.register(models.Decision, include_fields=["kind", "comment"])
        auditlog.register(models.DocumentTemplate, include_fields=["name", "doc_type", "subject", "is_published"])
