from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("Congress round")

    def ready(self):
        from auditlog.registry import auditlog

        from branches.audit import register_action_labels

        from . import models

        register_action_labels({
            "congress.plan.created": _("Plan created"),
            "congress.plan.scope_set": _("Organisations and pilots set"),
            "congress.plan.issued": _("Plan issued, congresses opened"),
            "congress.working_group.saved": _("Working group saved"),
            "congress.congress.ordinal_set": _("Ordinal corrected"),
        })

        auditlog.register(
            models.Plan,
            include_fields=[
                "organization", "term", "document", "pilots_held_by", "congresses_held_by",
                "documents_days_before", "report_working_days", "ratify_working_days",
                "elects_secretary_directly", "opened_at",
            ],
        )
        auditlog.register(models.PlanScope, include_fields=["plan", "organization", "is_pilot"])
        auditlog.register(
            models.WorkingGroup, include_fields=["plan", "name"], m2m_fields={"members", "organizations"},
        )
        auditlog.register(
            models.Congress,
            include_fields=["plan", "organization", "ordinal", "kind", "is_pilot", "state", "scheduled_on", "venue"],
        )
        auditlog.register(models.Holiday, include_fields=["date", "name"])
