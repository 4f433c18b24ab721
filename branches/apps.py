from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BranchesConfig(AppConfig):
    name = "branches"
    verbose_name = _("Party organisations and members")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        tree_columns = ["path", "depth", "numchild"]
        auditlog.register(models.Organization, exclude_fields=tree_columns)
        auditlog.register(models.Member, exclude_fields=["search_name", "sort_key", "updated_at"])
        auditlog.register(models.Term)
        auditlog.register(models.CommitteeSeat)
        auditlog.register(models.Role)
        auditlog.register(models.User, exclude_fields=["password", "last_login"])
