"""What the elections tell the congress's resolution (elections.hooks, through congress.hooks):
whether its elections are closed, and the delegates they sent to the superior's congress
(docs/documents.md "The resolution")."""

import pytest

from congress import hooks
from congress.services.resolution import elections_facts
from elections.models import Election, ElectionOutcome, ElectionState
from elections.tests.builders_minutes import closed_election

pytestmark = pytest.mark.usefixtures("no_rendering")


def test_the_elections_are_closed_once_every_round_is(congress_a, branch_clerk):
    assert not hooks.condition("results:elections_closed", congress_a, default=True)  # none held
    first = closed_election(congress_a, created_by=branch_clerk)
    assert hooks.condition("results:elections_closed", congress_a)
    Election.objects.filter(pk=first.pk).update(outcome=ElectionOutcome.FURTHER_ROUND)
    assert not hooks.condition("results:elections_closed", congress_a)  # a further round decided, not held
    closed_election(congress_a, created_by=branch_clerk, kind="secretary", seats=1, state_of_congress="",
                    votes=(("Nguyễn Văn Bí", 9),))
    second = closed_election(congress_a, created_by=branch_clerk, kind="deputy_secretary", seats=1,
                             state_of_congress="", votes=(("Trần Văn Phó", 9),))
    Election.objects.filter(pk=first.pk).update(outcome=ElectionOutcome.COMPLETE)
    Election.objects.filter(pk=second.pk).update(state=ElectionState.VOTING)
    assert not hooks.condition("results:elections_closed", congress_a)


def test_the_delegates_elected_by_votes(congress_a, branch_clerk):
    closed_election(congress_a, created_by=branch_clerk, kind="official_delegates", seats=2,
                    votes=(("Lê Văn An", 7), ("Phạm Thị Bình", 9), ("Hồ Văn Cư", 4)))
    closed_election(congress_a, created_by=branch_clerk, kind="alternate_delegates", seats=1, state_of_congress="",
                    votes=(("Võ Thị Dung", 8),))
    assert hooks.names("results:official_delegates", congress_a) == ("Phạm Thị Bình", "Lê Văn An")
    assert hooks.names("results:alternate_delegates", congress_a) == ("Võ Thị Dung",)
    facts = elections_facts(congress_a)
    assert facts.official_delegates == ("Phạm Thị Bình", "Lê Văn An")
    assert facts.delegates_to == "Đại hội Đảng bộ phường Kỳ Trinh nhiệm kỳ 2022–2025"
