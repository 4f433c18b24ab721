from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Results and statistics")

    def ready(self):
        from auditlog.registry import auditlog

        from branches.audit import register_action_labels
        from documents.hooks import register_appendix

        from . import freshness, models
        from .services import register, report

        freshness.connect()

        register_action_labels(register.ACTION_LABELS)
        register_action_labels(report.ACTION_LABELS)
        register_appendix("reporting.round_report", report.report_appendix, doc_type="BC")

        auditlog.register(
            models.EmulationWork,
            include_fields=["plan", "organization", "name", "owner", "status", "registered_on", "completed_on", "notes"],
        )
        auditlog.register(
            models.Award, include_fields=["plan", "organization", "category", "title", "reason", "awarded_on", "decision"],
        )
        auditlog.register(models.RoundReport, include_fields=["plan", "scope", "document"])
