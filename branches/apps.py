from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BranchesConfig(AppConfig):
    name = "branches"
    verbose_name = _("Party organisations and members")

    def ready(self):
        from auditlog.models import LogEntry
        from auditlog.registry import auditlog
        from django.db.models.signals import post_save

        from . import checks  # noqa: F401 (registers the deployment checks)
        from . import models, seals
        from .audit import register_action_labels

        # Every audit row is sealed into the audit trail's hash chain (branches.seals).
        post_save.connect(seals.log_entry_saved, sender=LogEntry, dispatch_uid="branches.seals.log_entry_saved")
        seals.register_chains(seals.audit_trail_chains)

        register_action_labels({
            "branches.member.transferred": _("Transferred"),
            "branches.member.imported": _("Imported"),
            "branches.organization.moved": _("Moved"),
            "branches.organization.deactivated": _("Deactivated"),
            "branches.organization.reactivated": _("Reactivated"),
            "branches.attached_member.created": _("Member temporarily attached recorded"),
            "branches.attached_member.updated": _("Member temporarily attached changed"),
            "branches.attached_member.removed": _("Member temporarily attached removed"),
            "branches.user.password_reset": _("Password reset by e-mail"),
        })

        # Member imports the broker never got are sent again by the workers' sweep (documents.worker).
        from .dispatch import register_sweep
        from .services.imports import member_import_jobs_sweep

        register_sweep("member imports", member_import_jobs_sweep)

        # Only what a person edits: no tree bookkeeping, derived keys or reverse relations.
        auditlog.register(
            models.Organization,
            include_fields=["name", "kind", "sector", "short_name", "place_name", "is_active"],
        )
        auditlog.register(
            models.Member,
            include_fields=[
                "organization", "full_name", "gender", "date_of_birth", "ethnicity", "joined_on",
                "official_on", "membership", "situation", "party_card_number", "occupation", "notes",
            ],
        )
        auditlog.register(
            models.AttachedMember,
            include_fields=["organization", "full_name", "home_organization", "attached_from", "attached_until", "notes"],
        )
        auditlog.register(models.Term, include_fields=["start_year", "end_year", "regulation"])
        auditlog.register(models.CommitteeSeat, include_fields=["organization", "term", "member", "position"])
        auditlog.register(models.Role, include_fields=["user", "organization", "kind"])
        auditlog.register(
            models.User,
            include_fields=["username", "full_name", "email", "is_active", "is_staff", "is_superuser"],
        )
