"""The results dossier's "election minutes" item is the elections' issued vote-count minutes
(elections.hooks, through congress.hooks): no upload needed once every closed round's minutes
are issued."""

import pytest

from congress.models import DossierKind
from congress.selectors import dossier_status
from elections.services.minutes import election_minutes_draft, election_minutes_issue
from elections.tests.builders_minutes import closed_election, counting_board, headed_by

pytestmark = pytest.mark.usefixtures("no_rendering")

ITEM = DossierKind.ELECTION_MINUTES.value


def test_no_election_no_minutes(congress_a):
    assert dossier_status(congress_a)[ITEM] is False


def test_minutes_count_once_every_closed_round_has_them_issued(congress_a, branch_clerk):
    first = closed_election(congress_a, created_by=branch_clerk)
    second = closed_election(congress_a, created_by=branch_clerk, kind="secretary", seats=1)
    counting_board(congress_a, recorded_by=branch_clerk)
    first, second = headed_by(first), headed_by(second)
    election_minutes_draft(acting_user=branch_clerk, election=first)
    assert dossier_status(congress_a)[ITEM] is False  # drafted, not issued

    election_minutes_issue(acting_user=branch_clerk, election=first)
    assert dossier_status(congress_a)[ITEM] is False  # the secretary's round has none yet

    election_minutes_draft(acting_user=branch_clerk, election=second)
    election_minutes_issue(acting_user=branch_clerk, election=second)
    assert dossier_status(congress_a)[ITEM] is True
