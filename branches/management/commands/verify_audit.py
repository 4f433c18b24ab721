"""Walk the hash chains (the audit trail, every election's ballot entry log) and report the first
broken link of each: which row, and whether it was edited, deleted, inserted or moved.
docs/deploy.md, "Verifying the audit trail".

Exits 0 when every chain is whole, 1 when one is broken (2 on a bad option)."""

from django.core.management.base import BaseCommand, CommandError

from branches import chain
from branches.seals import chains

WHAT_HAPPENED = {
    chain.EDITED: "a row was edited",
    chain.DELETED: "a row was deleted",
    chain.INSERTED: "a row was inserted",
    chain.REORDERED: "rows were reordered",
}


class Command(BaseCommand):
    help = "Verify the hash chains of the audit trail and of the ballot entry logs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--congress", type=int, metavar="PK",
            help="Verify only the entry logs of this congress's elections (as filed in its dossier).",
        )

    def handle(self, *args, congress=None, **options):
        broken = checked = 0
        for verified in chains(congress):
            checked += 1
            rows = _Counting(verified.links)
            problem = chain.first_break(rows, head=verified.head, unsealed=verified.unsealed)
            if problem is None:
                last = verified.head[1] if verified.head else chain.GENESIS
                self.stdout.write(f"OK      {verified.title}: {rows.count} rows, last seal {last}")
                continue
            broken += 1
            where = f"at position {problem.position}" if problem.position is not None else "outside the chain"
            self.stdout.write(
                f"BROKEN  {verified.title}: {WHAT_HAPPENED[problem.kind]} {where}, {problem.label}: {problem.detail}"
            )
        if congress is not None and not checked:
            self.stdout.write(f"Congress {congress} has no ballot entry log.")
        if broken:
            raise CommandError(f"{broken} of {checked} chains are broken.", returncode=1)
        self.stdout.write(f"All {checked} chains are whole.")


class _Counting:
    """The links as they pass, counted (the chain is read once, in chunks)."""

    def __init__(self, links):
        self.links, self.count = links, 0

    def __iter__(self):
        for link in self.links:
            self.count += 1
            yield link
