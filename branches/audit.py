"""The audit trail: django-auditlog records every create, update and delete of a registered
model with the changed fields; services add who acted and a namespaced action code."""

from contextlib import contextmanager

from auditlog.context import auditlog_value, set_extra_data
from auditlog.models import LogEntry
from django.db.models import Model, Q

from . import seals

HISTORY_LIMIT = 50

# Action code -> what a person reads in a history ("Transferred", "Issued"...). Each app
# registers its own in AppConfig.ready(), so histories name actions without knowing the apps.
ACTION_LABELS: dict[str, str] = {}


def register_action_labels(labels: dict[str, str]) -> None:
    ACTION_LABELS.update(labels)


@contextmanager
def audited(acting_user, action: str, **details):
    """Within this block, audit rows name `acting_user` and carry `action` (and `details`),
    e.g. ``with audited(user, "branches.member.transferred", reason=...)``.

    Blocks nest (a request's AuditlogMiddleware context, a service calling another): on the way
    out the enclosing context is restored. django-auditlog's own context manager does not
    restore it, so the enclosing block would lose its actor and its signal receiver would
    never be disconnected: one leaked receiver per write request.

    The audit rows written within the outermost block are sealed into the audit trail's hash
    chain when it ends (branches.seals): in its transaction when the block runs inside one, as
    services do.
    """
    previous = auditlog_value.get(_NOTHING)
    outermost = seals.pending_entries.get() is None
    pending: list[int] = []
    token = seals.pending_entries.set(pending) if outermost else None
    try:
        with set_extra_data({"actor": acting_user, "additional_data": {"action": action, **details}}):
            yield
    except BaseException:
        if outermost:
            seals.pending_entries.reset(token)
            seals.seal_pending_after_failure(pending)
        raise
    else:
        if outermost:
            seals.pending_entries.reset(token)
            seals.log_entries_seal(pending)
    finally:
        if previous is not _NOTHING:
            auditlog_value.set(previous)


_NOTHING = object()


def history(obj: Model, limit: int = HISTORY_LIMIT):
    """The newest audit rows of `obj`, for its page."""
    return (
        LogEntry.objects.get_for_object(obj)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")[:limit]
    )


def history_of_actions(*prefixes: str, exclude: Q | None = None, limit: int = HISTORY_LIMIT, **tags):
    """Audit rows of the actions whose code starts with one of `prefixes`, that their service
    tagged with `tags` (``organization=pk``, ``congress=pk``): for rows, such as committee seats
    or a congress's attendance, that are listed on the page of what they belong to. `exclude`
    leaves some rows out."""
    actions = Q()
    for prefix in prefixes:
        actions |= Q(additional_data__action__startswith=prefix)
    entries = LogEntry.objects.filter(actions, **{f"additional_data__{name}": value for name, value in tags.items()})
    if exclude is not None:
        entries = entries.exclude(exclude)
    return entries.select_related("actor", "content_type").order_by("-timestamp", "-pk")[:limit]
