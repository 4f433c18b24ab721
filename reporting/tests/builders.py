"""Building a round's results for the reporting tests: a congress held with its elected seats
written straight to the tables (the statistics read recorded facts, however they were entered)."""

import datetime

from branches.models import CommitteeSeat
from branches.tests.factories import MemberFactory
from congress.models import ElectedSeat
from congress.tests.builders import put_in_state

HELD_ON = datetime.date(2022, 6, 20)


def held(congress, organization, *, elected=4, women=1, previous_term=None, re_elected=0, state="held", **fields):
    """`congress` put in `state` (held by default, on HELD_ON) with `elected` members seated
    (`women` of them women, the first `re_elected` incumbents of `previous_term`), the first
    seat the secretary's."""
    for index in range(elected):
        member = MemberFactory(organization=organization, gender="female" if index < women else "male")
        if index < re_elected:
            CommitteeSeat.objects.create(organization=organization, term=previous_term, member=member, position="member")
        ElectedSeat.objects.create(congress=congress, member=member, position="secretary" if index == 0 else "member")
    return put_in_state(congress, state, held_on=HELD_ON, **fields)
