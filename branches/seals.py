"""Sealing rows into hash chains, and reading chains back to verify them (docs/architecture.md
§5). The audit trail (django-auditlog's LogEntry) is one chain, sealed in AuditSeal; other apps
keep their own chains (the ballot entry log) and register them here, so that verify_audit
walks every chain without knowing the apps."""

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.db import DatabaseError, transaction

from . import chain
from .models import AuditSeal, ChainHead

AUDIT_TRAIL = "audit"

# Every LogEntry column, by name, as it stood when the chain was introduced: a column a later
# django-auditlog adds is not sealed, and the seals of old rows stay valid.
LOG_ENTRY_FIELDS = (
    "id", "content_type_id", "object_pk", "object_id", "object_repr", "serialized_data", "action",
    "changes_text", "changes", "actor_id", "cid", "remote_addr", "remote_port", "timestamp",
    "additional_data", "actor_email",
)


def chain_extend(name: str, contents: list[Mapping]) -> list[tuple[int, str, str]]:
    """Seal `contents` at the end of chain `name`, inside the caller's transaction: (position,
    previous hash, hash) for each. The chain's head row stays locked until the transaction
    ends, so concurrent writers extend the chain one after the other, never from the same end."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("chain_extend() must run inside the caller's transaction.")
    head, _created = ChainHead.objects.select_for_update().get_or_create(
        name=name, defaults={"position": 0, "hash": chain.GENESIS},
    )
    links = chain.extend(head.hash, head.position, contents)
    if links:
        head.position, _previous, head.hash = links[-1]
        head.save(update_fields=["position", "hash"])
    return links


def chain_head(name: str) -> tuple[int, str] | None:
    head = ChainHead.objects.filter(name=name).values_list("position", "hash").first()
    return tuple(head) if head else None


# --- The audit trail ---------------------------------------------------------------------------


def log_entry_content(row: Mapping) -> dict:
    return {name: row[name] for name in LOG_ENTRY_FIELDS}


# The LogEntry rows written inside the outermost branches.audit.audited() block, sealed when it
# ends (None outside any block). Sealing last keeps the chain's lock for the end of the
# transaction: taken at the first audit row, it would be held while the service goes on
# locking rows, and two services could wait on each other.
pending_entries: ContextVar[list[int] | None] = ContextVar("pending_entries", default=None)


def log_entries_seal(pks: Iterable[int]) -> None:
    """Seal these audit rows (those that still exist) at the end of the audit trail, in the order
    they were written. In the caller's transaction, or in one of its own."""
    pks = sorted(set(pks))
    if not pks:
        return
    with transaction.atomic(savepoint=False):  # no savepoint inside the caller's transaction
        rows = list(
            LogEntry.objects.filter(pk__in=pks, seal__isnull=True).order_by("pk").values(*LOG_ENTRY_FIELDS)
        )
        links = chain_extend(AUDIT_TRAIL, [log_entry_content(row) for row in rows])
        AuditSeal.objects.bulk_create([
            AuditSeal(log_entry_id=row["id"], position=position, previous_hash=previous, hash=digest)
            for row, (position, previous, digest) in zip(rows, links)
        ])


def log_entries_written(pks: Iterable[int]) -> None:
    """Audit rows were just written (by django-auditlog, or in bulk): seal them now, or when the
    enclosing audited() block ends."""
    pending = pending_entries.get()
    if pending is None:
        log_entries_seal(pks)
    else:
        pending.extend(pks)


def log_entry_saved(sender, instance, created, raw=False, **kwargs):
    """post_save receiver on LogEntry. A signal, against our habit, because LogEntry is written
    by django-auditlog's own receivers: this is the one place that sees every row it writes.
    Rows written with bulk_create send no signal: their writer calls log_entries_written()."""
    if created and not raw:
        log_entries_written([instance.pk])


def seal_pending_after_failure(pks: list[int]) -> None:
    """An audited() block failed. Rows already committed (written outside a transaction) still
    need their seal; in a failing transaction, sealing fails too and the rows go with it."""
    try:
        log_entries_seal(pks)
    except DatabaseError:
        pass


# --- Reading chains back -----------------------------------------------------------------------


@dataclass
class Chain:
    """A chain as stored, for verify_audit: its links in position order, where it recorded its
    end, and the rows that carry no seal."""

    title: str
    links: Iterable[chain.Link]
    head: tuple[int, str] | None
    unsealed: Iterable[str] = field(default_factory=tuple)


# Functions (congress pk or None) -> chains: None asks for every chain, a congress pk for the
# chains filed in that congress's dossier.
CHAIN_SOURCES: list[Callable[[int | None], Iterable[Chain]]] = []


def register_chains(source: Callable[[int | None], Iterable[Chain]]) -> None:
    if source not in CHAIN_SOURCES:
        CHAIN_SOURCES.append(source)


def chains(congress: int | None = None) -> Iterator[Chain]:
    for source in CHAIN_SOURCES:
        yield from source(congress)


def _audit_links() -> Iterator[chain.Link]:
    columns = {f"log_entry__{name}": name for name in LOG_ENTRY_FIELDS}
    rows = AuditSeal.objects.order_by("position").values("position", "previous_hash", "hash", *columns)
    for row in rows.iterator(chunk_size=2000):
        content = {name: row[column] for column, name in columns.items()}
        yield chain.Link(row["position"], row["previous_hash"], row["hash"], content, f"log entry {content['id']}")


def _audit_unsealed() -> Iterator[str]:
    for pk in LogEntry.objects.filter(seal__isnull=True).order_by("pk").values_list("pk", flat=True).iterator():
        yield f"log entry {pk}"


def audit_trail_chains(congress: int | None) -> Iterator[Chain]:
    if congress is None:
        yield Chain("audit trail", _audit_links(), chain_head(AUDIT_TRAIL), _audit_unsealed())
