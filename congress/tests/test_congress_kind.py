"""The kind of a congress, members' or delegates', is the superior's decision per congress while it
is prepared [Chỉ thị 35-CT/TW §4; docs/domain.md §3.12]: a grassroots committee of 200 members or
more holds a delegates' congress, one below it only with the superior's consent, and a branch
always holds a members' congress."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from congress.models import Congress, CongressState
from congress.rules import Actor
from congress.services.attendance import attendance_draw
from congress.services.kinds import congress_set_kind
from congress.tests.builders import put_in_state

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

SUPERIOR_CLERK, SUPERIOR_LEADER = {Actor.SUPERIOR_CLERK}, {Actor.SUPERIOR_LEADER}


@pytest.fixture
def committee_congress(open_plan, superior):
    """A congress of a grassroots committee (the superior of the cast has 2 members: below 200)."""
    return Congress.objects.create(plan=open_plan, organization=superior, ordinal=1, kind="members", state="planned")


def test_the_superior_allows_a_small_grassroots_committee_a_delegates_congress(committee_congress, superior_clerk):
    congress = congress_set_kind(acting_user=superior_clerk, congress=committee_congress, kind="delegates",
                                 actors=SUPERIOR_CLERK)
    assert Congress.objects.get(pk=congress.pk).kind == "delegates"
    entry = LogEntry.objects.get_for_object(congress).get(additional_data__action="congress.congress.kind_set")
    assert entry.actor == superior_clerk and entry.changes_dict["kind"] == ["members", "delegates"]


def test_a_leader_of_the_superior_decides_too_and_back(committee_congress, superior_leader):
    congress_set_kind(acting_user=superior_leader, congress=committee_congress, kind="delegates", actors=SUPERIOR_LEADER)
    congress_set_kind(acting_user=superior_leader, congress=committee_congress, kind="members", actors=SUPERIOR_LEADER)
    assert Congress.objects.get(pk=committee_congress.pk).kind == "members"


def test_a_branch_always_holds_a_members_congress(congress_a, superior_clerk):
    with pytest.raises(ValidationError, match="A Party branch always holds a members' congress"):
        congress_set_kind(acting_user=superior_clerk, congress=congress_a, kind="delegates", actors=SUPERIOR_CLERK)
    assert Congress.objects.get(pk=congress_a.pk).kind == "members"


def test_only_the_superior_decides_and_only_while_the_congress_is_prepared(committee_congress, superior_clerk):
    with pytest.raises(ValidationError, match="Only the superior decides"):
        congress_set_kind(acting_user=superior_clerk, congress=committee_congress, kind="delegates",
                          actors={Actor.CLERK})
    put_in_state(committee_congress, CongressState.SUBMITTED)
    with pytest.raises(ValidationError, match="decided while it is prepared"):
        congress_set_kind(acting_user=superior_clerk, congress=committee_congress, kind="delegates",
                          actors=SUPERIOR_CLERK)
    assert Congress.objects.get(pk=committee_congress.pk).kind == "members"


def test_a_summons_list_drawn_for_the_other_kind_is_removed(committee_congress, superior_clerk, member_a, member_b):
    put_in_state(committee_congress, CongressState.PREPARING)
    attendance_draw(acting_user=superior_clerk, congress=committee_congress)
    assert committee_congress.attendance.count() == 2
    congress_set_kind(acting_user=superior_clerk, congress=committee_congress, kind="delegates", actors=SUPERIOR_CLERK)
    assert not committee_congress.attendance.exists()


def test_the_page_says_the_rule_and_lets_the_superior_decide(en, committee_congress, superior_clerk, member_a, member_b):
    url = reverse("congress_kind", kwargs={"pk": committee_congress.pk})
    en.force_login(superior_clerk)
    page = en.get(url).content.decode()
    assert "This organisation has 2 members. By that count its congress is a members' congress." in page
    assert 'data-testid="kind-form"' in page
    response = en.post(url, {"kind": "delegates"}, follow=True)
    assert "The congress is a delegates&#x27; congress." in response.content.decode()
    assert Congress.objects.get(pk=committee_congress.pk).kind == "delegates"


def test_the_page_refuses_a_delegates_congress_for_a_branch_on_the_form(en, congress_a, superior_clerk):
    en.force_login(superior_clerk)
    url = reverse("congress_kind", kwargs={"pk": congress_a.pk})
    assert "A Party branch always holds a members' congress" in en.get(url).content.decode()
    response = en.post(url, {"kind": "delegates"})
    assert response.status_code == 200
    errors = response.content.decode()
    assert "A Party branch always holds a members&#x27; congress: every member attends." in errors
    assert Congress.objects.get(pk=congress_a.pk).kind == "members"


def test_the_branch_clerk_reads_the_kind_but_may_not_decide(en, congress_a, branch_clerk):
    en.force_login(branch_clerk)
    url = reverse("congress_kind", kwargs={"pk": congress_a.pk})
    page = en.get(url).content.decode()
    assert "This congress is a <strong>Members&#x27; congress</strong>." in page
    assert 'data-testid="kind-form"' not in page
    assert en.post(url, {"kind": "members"}).status_code == 403
