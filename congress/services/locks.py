"""The row lock every service of a congress takes first."""

from ..models import Congress


def locked(congress: Congress) -> Congress:
    """`congress` re-read under a row lock inside the caller's transaction, with what the
    services read of it. of=("self",): the congress's row only, not its organisation's or plan's
    (those would serialise every service of the plan)."""
    return (
        Congress.objects.select_for_update(of=("self",))
        .select_related("organization", "plan", "plan__organization", "plan__term", "plan__document")
        .get(pk=congress.pk)
    )
