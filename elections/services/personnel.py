"""Elections: personnel."""

from django.utils.translation import gettext_lazy as _l

# Action code -> what a history shows (registered in ElectionsConfig.ready()).
ACTION_LABELS = {}
