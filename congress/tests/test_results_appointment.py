"""Results that cannot be edited after the ballot, the committee a small branch does not have,
the secretary the superior appoints, and the seat a congress leaves vacant (docs/domain.md §3.3,
§3.11; Decisions D40 and D41 in §7).

The congress app alone here: what the elections app says through congress.hooks (which seats a
ballot recorded here fills, what the congress decided after a round) is set with
hooks.override. elections/tests/test_results_after_close.py runs the same with real elections.
"""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches.models import CommitteeSeat, Position
from branches.tests.factories import MemberFactory
from congress import hooks
from congress.models import (
    CongressDocument, CongressDocumentRole, CongressState, ElectedSeat, SecretaryAppointment, congress_document_readers,
)
from congress.rules import Actor
from congress.services import ratification
from congress.services import results as services
from congress.tests.builders import put_in_state
from congress.tests.test_results_ratification import HELD_ON, RECEIVED_ON, complete_dossier, reported
from documents.models import DocumentState

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

CLERK = {Actor.CLERK}
LEADER = {Actor.SUPERIOR_LEADER}
ON = datetime.date(2022, 6, 20)


def yes(_congress):
    return True


def from_ballot(*positions):
    """As if a ballot recorded here filled these seats (elections.hooks.seat_from_ballot)."""
    return hooks.override(
        **{"results:elections_held": yes},
        **{f"results:seat_from_ballot:{p}": yes for p in positions},
    )


def elect(congress, member, position, clerk, votes=None):
    return services.elected_seat_save(
        acting_user=clerk, congress=congress, actors=CLERK, member=member, position=position, votes=votes,
    )


@pytest.fixture
def held(congress_a):
    return put_in_state(congress_a, CongressState.HELD, held_on=HELD_ON)


@pytest.fixture
def nine(branch_a, member_a):
    """Branch A with 9 official members: it elects a committee."""
    return [member_a, *MemberFactory.create_batch(8, organization=branch_a)]


# --- A branch under 9 official members has no committee ---------------------------------------------


@pytest.mark.parametrize(("kind", "official", "refused"), [
    ("branch", 8, True), ("branch", 9, False), ("grassroots_branch", 1, True), ("grassroots_committee", 3, False),
])
def test_a_committee_member_is_refused_under_nine_official_members(kind, official, refused):
    """Charter Art. 24 cl. 4; 294-QĐ/TW §24: a branch with fewer than 9 official members elects
    a secretary and, if needed, one deputy; no committee."""
    assert (services.committee_problem(kind, official, Position.MEMBER) is not None) is refused
    assert services.committee_problem(kind, official, Position.SECRETARY) is None
    assert services.committee_problem(kind, official, Position.DEPUTY_SECRETARY) is None


def test_a_small_branch_is_refused_committee_members_by_hand(held, member_a, branch_a, branch_clerk):
    """Charter Art. 24 cl. 4; 294-QĐ/TW §24: refused, not warned about (the hand entry used to
    save it with a warning)."""
    with pytest.raises(ValidationError, match="fewer than 9 it elects a secretary and, if needed, one deputy"):
        elect(held, member_a, Position.MEMBER, branch_clerk)
    assert not ElectedSeat.objects.exists()
    elect(held, member_a, Position.SECRETARY, branch_clerk)
    elect(held, MemberFactory(organization=branch_a), Position.DEPUTY_SECRETARY, branch_clerk)
    assert ElectedSeat.objects.count() == 2


def test_nine_official_members_elect_a_committee_by_hand(held, nine, branch_clerk):
    assert elect(held, nine[1], Position.MEMBER, branch_clerk).position == Position.MEMBER


# --- What a ballot recorded here filled is read-only -------------------------------------------------


def test_the_pure_rule_of_hand_entry(held, nine):
    """Decision D40: nothing entered by hand contradicts the ballot recorded here; what no
    ballot here fills (a new committee's secretary) is still entered, from the elected committee."""
    seats = [ElectedSeat(congress=held, member=nine[0], position=Position.MEMBER)]
    everything = frozenset(Position.values)
    assert services.hand_entry_problem(seats, nine[1], Position.MEMBER, everything)[0] == "position"
    assert services.hand_entry_problem(seats, nine[0], Position.SECRETARY, everything)[0] == "position"
    committee = frozenset({Position.MEMBER})
    assert services.hand_entry_problem(seats, nine[0], Position.SECRETARY, committee) is None
    assert services.hand_entry_problem(seats, nine[0], Position.MEMBER, committee)[0] == "position"
    assert services.hand_entry_problem(seats, nine[1], Position.SECRETARY, committee)[0] == "member"
    assert services.hand_entry_problem(seats, nine[1], Position.MEMBER, frozenset()) is None


def test_seats_from_a_ballot_are_neither_added_changed_nor_removed(held, nine, branch_clerk):
    """Decision D40: a clerk deleted the top vote-getter after the ballot closed and the app
    accepted it, so the minutes and the ratification decision disagreed. Now refused."""
    seats = [
        ElectedSeat.objects.create(congress=held, member=nine[0], position=Position.SECRETARY, votes=9),
        ElectedSeat.objects.create(congress=held, member=nine[1], position=Position.MEMBER, votes=8),
    ]
    with from_ballot(Position.MEMBER, Position.SECRETARY, Position.DEPUTY_SECRETARY):
        assert services.seats_from_ballot(held) == frozenset(Position.values)
        for member, position, votes in ((nine[2], Position.MEMBER, None), (nine[1], Position.DEPUTY_SECRETARY, None),
                                        (nine[0], Position.SECRETARY, 12)):
            with pytest.raises(ValidationError, match="come from the ballot"):
                elect(held, member, position, branch_clerk, votes)
        for seat in seats:
            with pytest.raises(ValidationError, match="come from the ballot"):
                services.elected_seat_remove(acting_user=branch_clerk, seat=seat, actors=CLERK)
    assert list(ElectedSeat.objects.order_by("pk").values_list("member_id", "position", "votes")) == [
        (nine[0].pk, Position.SECRETARY, 9), (nine[1].pk, Position.MEMBER, 8),
    ]


def test_the_secretary_a_new_committee_elects_is_entered_from_the_ballot_s_committee(held, nine, branch_clerk):
    """Decision D40: where the ballot here elected only the committee (a grassroots committee's
    congress that does not elect its secretary directly), the secretary its first meeting elects
    is entered by hand, from among the committee; removing that row puts them back on it."""
    seat = ElectedSeat.objects.create(congress=held, member=nine[0], position=Position.MEMBER, votes=9)
    with from_ballot(Position.MEMBER):
        with pytest.raises(ValidationError, match="was not elected to the committee by the ballot"):
            elect(held, nine[5], Position.SECRETARY, branch_clerk)
        with pytest.raises(ValidationError, match="votes are those the ballot counted"):
            elect(held, nine[0], Position.SECRETARY, branch_clerk, votes=3)
        moved = elect(held, nine[0], Position.SECRETARY, branch_clerk)
        assert (moved.pk, moved.position, moved.votes) == (seat.pk, Position.SECRETARY, 9)
        kept = services.elected_seat_remove(acting_user=branch_clerk, seat=moved, actors=CLERK)
    assert kept is not None and ElectedSeat.objects.get().position == Position.MEMBER


def test_the_elected_page_is_read_only_when_a_ballot_here_filled_it(en, held, nine, branch_clerk):
    seat = ElectedSeat.objects.create(congress=held, member=nine[0], position=Position.SECRETARY, votes=9)
    en.force_login(branch_clerk)
    url = reverse("congress_elected", kwargs={"pk": held.pk})
    with from_ballot(Position.MEMBER, Position.SECRETARY, Position.DEPUTY_SECRETARY):
        page = en.get(url).content.decode()
        assert 'name="position"' not in page and reverse("congress_elected_delete", kwargs={"pk": seat.pk}) not in page
        assert "when each ballot is closed: nothing entered by hand changes them" in page
        response = en.post(url, {"member": nine[1].pk, "position": "member"}, follow=True)
        assert "The elected come from the congress's elections" in " ".join(str(m) for m in response.context["messages"])
        response = en.post(reverse("congress_elected_delete", kwargs={"pk": seat.pk}), follow=True)
        assert "cannot be added, changed or removed by hand" in response.content.decode()
        panel = en.get(reverse("congress_detail", kwargs={"pk": held.pk})).content.decode()
        assert "Record the elected" not in panel
    assert ElectedSeat.objects.count() == 1
    # Without elections recorded here the clerk records the elected, as before.
    assert 'name="position"' in en.get(url).content.decode()


# --- The secretary appointed by the superior ---------------------------------------------------------


@pytest.fixture
def to_appoint():
    """The congress decided after three rounds that the superior appoints its secretary."""
    with hooks.override(**{"results:elections_held": yes, "results:secretary_to_appoint": yes}):
        yield


def appoint(congress, member, leader, on=ON):
    return ratification.secretary_appoint(acting_user=leader, congress=congress, actors=LEADER, member=member, on=on)


def test_when_the_superior_may_appoint():
    """docs/domain.md §3.11: a secretary not elected after three rounds is appointed by the
    superior: after the congress recorded that decision where its elections are recorded here;
    never beside an elected secretary."""
    assert ratification.appointment_problem(elections_held=True, secretary_to_appoint=True, secretary_elected=False) is None
    assert "after three rounds" in ratification.appointment_problem(
        elections_held=True, secretary_to_appoint=False, secretary_elected=False,
    )
    assert ratification.appointment_problem(elections_held=False, secretary_to_appoint=False,
                                            secretary_elected=False) is None
    assert "elected its secretary" in ratification.appointment_problem(
        elections_held=False, secretary_to_appoint=False, secretary_elected=True,
    )


@pytest.mark.usefixtures("to_appoint")
def test_the_appointment_is_a_decision_of_the_superior_issued_in_its_register(
    held, branch_a, superior, member_a, superior_leader, branch_clerk,
):
    """docs/domain.md §3.11: the appointment is a decision (QĐ chỉ định) of the superior,
    recorded by its leader, issued in its register; the appointee is listed among the elected,
    marked appointed."""
    superior_leader.full_name = "Trần Văn Bảy"
    superior_leader.save()
    deputy = MemberFactory(organization=branch_a, full_name="Lê Thị Hoa")
    ElectedSeat.objects.create(congress=held, member=deputy, position=Position.DEPUTY_SECRETARY, votes=7)
    appointment = appoint(held, member_a, superior_leader)
    decision = appointment.document
    assert (decision.issuer, decision.doc_type, decision.state) == (superior, "QĐ", DocumentState.ISSUED)
    assert decision.symbol == "01-QĐ/ĐU" and decision.document_date == ON
    assert decision.signer_name == "Trần Văn Bảy" and decision.signer_position == "BÍ THƯ"
    assert decision.subject == "Chỉ định Bí thư Chi bộ TDP Hoàng Trinh, nhiệm kỳ 2022–2025"
    body = decision.versions.get().body
    assert "Chỉ định đồng chí <strong>Nguyễn Văn An</strong> giữ chức Bí thư Chi bộ" in body
    assert CongressDocument.objects.get(congress=held, role=CongressDocumentRole.APPOINTMENT).document == decision
    assert branch_a in congress_document_readers(decision)  # the branch reads the superior's decision
    seats = services.elected_seats(held)
    assert [(s.member.full_name, s.position, s.appointed) for s in seats] == [
        ("Nguyễn Văn An", Position.SECRETARY, True), ("Lê Thị Hoa", Position.DEPUTY_SECRETARY, False),
    ]
    entry = LogEntry.objects.get_for_object(appointment).get()
    assert (entry.actor, entry.additional_data["action"]) == (superior_leader, "congress.secretary.appointed")
    with pytest.raises(ValidationError, match="already appointed"):
        appoint(held, deputy, superior_leader)


def test_no_appointment_without_the_congress_s_decision(held, member_a, superior_leader):
    with hooks.override(**{"results:elections_held": yes}), pytest.raises(ValidationError, match="after three rounds"):
        appoint(held, member_a, superior_leader)
    assert not SecretaryAppointment.objects.exists()


@pytest.mark.usefixtures("to_appoint")
def test_who_and_when_the_superior_appoints(held, congress_b, member_a, member_b, branch_a, superior_leader,
                                           superior_clerk):
    with pytest.raises(ValidationError, match="Only a leader of the superior"):
        ratification.secretary_appoint(acting_user=superior_clerk, congress=held, actors={Actor.SUPERIOR_CLERK},
                                       member=member_a)
    with pytest.raises(ValidationError, match="is not a member of Chi bộ TDP Hoàng Trinh"):
        appoint(held, member_b, superior_leader)
    deputy = MemberFactory(organization=branch_a)
    ElectedSeat.objects.create(congress=held, member=deputy, position=Position.DEPUTY_SECRETARY)
    with pytest.raises(ValidationError, match="elected deputy secretary"):
        appoint(held, deputy, superior_leader)
    with pytest.raises(ValidationError, match="before the congress was held"):
        appoint(held, member_a, superior_leader, on=HELD_ON - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="future"):
        appoint(held, member_a, superior_leader, on=datetime.date.today() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="once the congress is held"):
        appoint(congress_b, member_b, superior_leader)
    put_in_state(held, CongressState.RATIFIED)
    with pytest.raises(ValidationError, match="can no longer change"):
        appoint(held, member_a, superior_leader)
    assert not SecretaryAppointment.objects.exists()


@pytest.mark.usefixtures("to_appoint")
def test_the_appointed_secretary_is_ratified_and_seated(held, branch_a, member_a, branch_clerk, superior_leader):
    """docs/domain.md §3.11: after the appointment the congress can be ratified; the appointed
    secretary takes the secretary's seat for the term like an elected one, and annulment takes
    it away again."""
    deputy = MemberFactory(organization=branch_a, full_name="Lê Thị Hoa")
    ElectedSeat.objects.create(congress=held, member=deputy, position=Position.DEPUTY_SECRETARY, votes=7)
    appointment = appoint(held, member_a, superior_leader)
    reported(held)
    complete_dossier(held, branch_clerk, superior_leader)
    ratification.congress_ratify(acting_user=superior_leader, congress=held, actors=LEADER, on=RECEIVED_ON)
    decision = CongressDocument.objects.get(congress=held, role=CongressDocumentRole.RATIFICATION).document
    assert decision.subject == "Chuẩn y kết quả bầu cử Phó Bí thư Chi bộ TDP Hoàng Trinh, nhiệm kỳ 2022–2025"
    body = decision.versions.get().body
    assert "gồm 01 đồng chí" in body and "Lê Thị Hoa</strong>, Phó Bí thư Chi bộ" in body
    assert f"Nguyễn Văn An</strong> giữ chức Bí thư Chi bộ theo Quyết định số {appointment.document.symbol}" in body
    seats = set(CommitteeSeat.objects.filter(organization=branch_a, term=held.plan.term)
                .values_list("member_id", "position"))
    assert seats == {(member_a.pk, Position.SECRETARY), (deputy.pk, Position.DEPUTY_SECRETARY)}
    ratification.congress_annul(acting_user=superior_leader, congress=held, actors=LEADER, reason="Có sai phạm.")
    assert not CommitteeSeat.objects.filter(organization=branch_a).exists()


@pytest.mark.usefixtures("to_appoint")
def test_an_appointed_committee_member_moves_up_to_secretary(held, nine, branch_clerk, superior_leader):
    ElectedSeat.objects.create(congress=held, member=nine[0], position=Position.MEMBER, votes=8)
    ElectedSeat.objects.create(congress=held, member=nine[1], position=Position.MEMBER, votes=7)
    appoint(held, nine[0], superior_leader)
    seats = services.elected_seats(held)
    assert [(s.member_id, s.position, s.appointed, s.votes) for s in seats][0] == (
        nine[0].pk, Position.SECRETARY, True, 8,
    )
    assert len(seats) == 2 and ElectedSeat.objects.get(member=nine[0]).position == Position.MEMBER
    reported(held)
    complete_dossier(held, branch_clerk, superior_leader)
    ratification.congress_ratify(acting_user=superior_leader, congress=held, actors=LEADER, on=RECEIVED_ON)
    assert set(CommitteeSeat.objects.values_list("member_id", "position")) == {
        (nine[0].pk, Position.SECRETARY), (nine[1].pk, Position.MEMBER),
    }


# --- Seats left vacant do not hold ratification back -------------------------------------------------


def test_what_ratification_needs_of_the_secretary_s_seat():
    """Ratification needs the secretary's seat settled: elected, appointed (docs/domain.md
    §3.11) or left vacant by the congress's decision (bầu thiếu, Decision D41); and someone."""
    def problem(**facts):
        base = {"elected": 2, "secretary_elected": False, "secretary_appointed": False, "secretary_left_vacant": False}
        return ratification.ratification_problem(**{**base, **facts})

    assert "No secretary was elected" in problem()
    assert problem(secretary_elected=True) is None
    assert problem(secretary_appointed=True) is None
    assert problem(secretary_left_vacant=True) is None
    assert "Nobody was elected or appointed" in problem(elected=0, secretary_left_vacant=True)


def test_a_secretary_left_vacant_is_ratified_as_it_is(held, branch_a, branch_clerk, superior_leader):
    """Decision D41: the congress decided to leave the secretary's seat vacant (bầu thiếu,
    244-QĐ/TW Art. 20 cl. 2); ratification used to require an elected secretary."""
    deputy = MemberFactory(organization=branch_a, full_name="Lê Thị Hoa")
    ElectedSeat.objects.create(congress=held, member=deputy, position=Position.DEPUTY_SECRETARY, votes=7)
    reported(held)
    complete_dossier(held, branch_clerk, superior_leader)
    with pytest.raises(ValidationError, match="No secretary was elected"):
        ratification.congress_ratify(acting_user=superior_leader, congress=held, actors=LEADER, on=RECEIVED_ON)
    with hooks.override(**{"results:elections_held": yes, "results:secretary_left_vacant": yes}):
        assert services.seat_warnings(branch_a.kind, 5, [Position.DEPUTY_SECRETARY], secretary_left_vacant=True) == []
        ratification.congress_ratify(acting_user=superior_leader, congress=held, actors=LEADER, on=RECEIVED_ON)
    body = CongressDocument.objects.get(congress=held, role=CongressDocumentRole.RATIFICATION).document.versions.get().body
    assert "Chức danh Bí thư Chi bộ để khuyết theo quyết định của Đại hội." in body
    assert set(CommitteeSeat.objects.values_list("position", flat=True)) == {Position.DEPUTY_SECRETARY}


# --- The pages ---------------------------------------------------------------------------------------


@pytest.mark.usefixtures("to_appoint")
def test_the_superior_s_leader_appoints_from_the_results_panel(en, held, member_a, superior_leader, branch_clerk):
    detail = reverse("congress_detail", kwargs={"pk": held.pk})
    en.force_login(branch_clerk)
    assert 'data-testid="appoint-panel"' not in en.get(detail).content.decode()
    en.force_login(superior_leader)
    assert 'data-testid="appoint-panel"' in en.get(detail).content.decode()
    url = reverse("congress_secretary_appoint", kwargs={"pk": held.pk})
    assert 'name="member"' in en.get(url).content.decode()
    response = en.post(url, {"member": "", "on": "20/06/2022"})
    assert response.status_code == 200 and not SecretaryAppointment.objects.exists()
    response = en.post(url, {"member": member_a.pk, "on": "20/06/2022"}, follow=True)
    assert response.redirect_chain[-1][0] == detail
    messages = " ".join(str(m) for m in response.context["messages"])
    assert "Nguyễn Văn An is appointed secretary by decision 01-QĐ/ĐU" in messages
    page = response.content.decode()
    assert 'data-testid="appointed-badge"' in page and 'data-testid="appointment-decision"' in page
    assert 'data-testid="appoint-panel"' not in page
    response = en.post(url, {"member": member_a.pk, "on": "20/06/2022"}, follow=True)
    assert SecretaryAppointment.objects.count() == 1


def test_the_appointment_page_says_why_it_waits(en, held, member_a, superior_leader):
    en.force_login(superior_leader)
    with hooks.override(**{"results:elections_held": yes}):
        url = reverse("congress_secretary_appoint", kwargs={"pk": held.pk})
        page = en.get(url).content.decode()
        assert 'data-testid="appoint-problem"' in page and 'name="member"' not in page
        response = en.post(url, {"member": member_a.pk, "on": "20/06/2022"}, follow=True)
        assert "after three rounds" in " ".join(str(m) for m in response.context["messages"])
    assert not SecretaryAppointment.objects.exists()
