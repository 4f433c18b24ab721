"""The ballot entry log as a hash chain (docs/elections.md): each election's log is its own
chain, so the log filed in a congress's dossier can be verified, and its last seal printed on
it, without the rest of the office's data. Appending happens under the election's row lock that
keying holds already; the chain's head (branches.models.ChainHead) records where it ends."""

from collections.abc import Iterator, Mapping

from branches import chain
from branches.models import ChainHead
from branches.seals import Chain, chain_extend, chain_head

from .models import Election, EntryLogLine

# Every column of a line that the printed log shows or that places it, by name.
LINE_FIELDS = ("id", "election_id", "serial", "operator_id", "action", "reading", "resolved_disagreement", "at")


def chain_name(election_pk: int) -> str:
    return f"elections.entry_log.{election_pk}"


def line_content(row: Mapping) -> dict:
    return {name: row[name] for name in LINE_FIELDS}


def entry_log_line_seal(line: EntryLogLine) -> None:
    """Seal a line just written at the end of its election's chain, in the caller's transaction
    (which holds the election's row lock)."""
    # Its values as saved read back the same (plain text, numbers, a datetime in microseconds):
    # no need to read the row again.
    content = {name: getattr(line, name) for name in LINE_FIELDS}
    ((line.position, line.previous_hash, line.hash),) = chain_extend(chain_name(line.election_id), [content])
    EntryLogLine.objects.filter(pk=line.pk).update(position=line.position, previous_hash=line.previous_hash, hash=line.hash)


def entry_log_final_hash(election: Election) -> str:
    """The last seal of the election's entry log ("" before the first line): printed on the log."""
    head = chain_head(chain_name(election.pk))
    return head[1] if head else ""


def _links(election_pk: int) -> Iterator[chain.Link]:
    rows = (EntryLogLine.objects.filter(election_id=election_pk, position__isnull=False).order_by("position")
            .values("position", "previous_hash", "hash", *LINE_FIELDS))
    for row in rows.iterator(chunk_size=2000):
        yield chain.Link(row["position"], row["previous_hash"], row["hash"], line_content(row),
                         f"line {row['id']} (ballot {row['serial']})")


def _unsealed(election_pk: int) -> Iterator[str]:
    rows = EntryLogLine.objects.filter(election_id=election_pk, position__isnull=True).order_by("pk")
    for pk, serial in rows.values_list("pk", "serial"):
        yield f"line {pk} (ballot {serial})"


def entry_log_chains(congress: int | None) -> Iterator[Chain]:
    """branches.seals chain source: the entry log of every election (of `congress`, if given)
    that has a line or a recorded head."""
    elections = Election.objects.order_by("pk")
    if congress is not None:
        elections = elections.filter(congress_id=congress)
    with_lines = set(EntryLogLine.objects.filter(election__in=elections).values_list("election_id", flat=True))
    heads = {name: (position, digest) for name, position, digest in
             ChainHead.objects.filter(name__startswith=chain_name("")).values_list("name", "position", "hash")}
    for pk, congress_pk, kind, round_ in elections.values_list("pk", "congress_id", "kind", "round"):
        head = heads.get(chain_name(pk))
        if pk in with_lines or head is not None:
            title = f"entry log of election {pk} (congress {congress_pk}, {kind}, round {round_})"
            yield Chain(title, _links(pk), head, _unsealed(pk))
