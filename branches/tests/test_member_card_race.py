"""Two clerks entering a member with the same Party card number at once: the second is told the
number is taken, as the form's check would tell them, never a 500 (issue 15, item 5: 2 rounds in
5 answered 500). Both pass full_clean(), then the database's unique constraint refuses the
second save; branches.integrity.races_refused turns that into the check's ValidationError."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connections
from django.urls import reverse
from django.utils import translation

from branches.models import CommitteeSeat, Member
from branches.services import committees, members
from branches.tests.factories import MemberFactory, TermFactory

CARD = "93012345678"
TAKEN = "Another member already has this Party card number."


def _fields(**overrides):
    import datetime

    return {
        "full_name": "Võ Thị Hồng", "gender": "female", "date_of_birth": datetime.date(1985, 2, 3),
        "ethnicity": "Kinh", "joined_on": datetime.date(2010, 5, 19), "official_on": datetime.date(2011, 5, 19),
        "membership": "official", "situation": "none", "party_card_number": CARD, **overrides,
    }


@pytest.fixture
def rival_saves_first(monkeypatch, branch_b):
    """Another request commits a member with CARD right after the service's full_clean() passed
    (the form's own check, which runs full_clean without the uniqueness part, passed before)."""
    clean = Member.full_clean

    def clean_then_lose_the_race(self, *args, **kwargs):
        clean(self, *args, **kwargs)
        if kwargs.get("validate_unique", True) and not Member.objects.filter(party_card_number=CARD).exists():
            MemberFactory(organization=branch_b, full_name="Trần Văn Nhanh", party_card_number=CARD)

    monkeypatch.setattr(Member, "full_clean", clean_then_lose_the_race)


def test_the_service_refuses_the_second_with_the_checks_sentence(english, rival_saves_first, branch_a, superior_clerk):
    audit_rows = LogEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        members.member_create(acting_user=superior_clerk, organization=branch_a, **_fields())
    assert TAKEN in refused.value.messages
    assert list(Member.objects.filter(party_card_number=CARD).values_list("full_name", flat=True)) == ["Trần Văn Nhanh"]
    assert LogEntry.objects.count() == audit_rows + 1  # the rival's creation only


def test_an_edit_that_loses_the_race_is_refused_too(english, monkeypatch, member_a, member_b, superior_clerk):
    """The edit checks inside its transaction: the rival's row is there already, and the check
    ran before it was committed (it passes here)."""
    Member.objects.filter(pk=member_b.pk).update(party_card_number=CARD)
    monkeypatch.setattr(Member, "full_clean", lambda self, *args, **kwargs: None)
    with pytest.raises(ValidationError) as refused:
        members.member_update(acting_user=superior_clerk, member=member_a, party_card_number=CARD)
    assert TAKEN in refused.value.messages
    member_a.refresh_from_db()
    assert member_a.party_card_number == ""


def test_the_form_shows_it_and_nothing_is_created(clerk_client, rival_saves_first, branch_a):
    data = {
        "full_name": "Võ Thị Hồng", "gender": "female", "date_of_birth": "03/02/1985", "ethnicity": "Kinh",
        "joined_on": "19/05/2010", "official_on": "19/05/2011", "membership": "official", "situation": "none",
        "party_card_number": CARD, "occupation": "", "notes": "",
    }
    response = clerk_client.post(reverse("member_create", kwargs={"pk": branch_a.pk}), data)
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    assert not Member.objects.filter(full_name="Võ Thị Hồng").exists()


def test_a_seat_taken_between_check_and_save_is_refused(english, monkeypatch, superior, member_a, superior_clerk):
    term = TermFactory()
    clean = CommitteeSeat.full_clean

    def clean_then_lose_the_race(self, *args, **kwargs):
        clean(self, *args, **kwargs)
        if not CommitteeSeat.objects.exists():
            CommitteeSeat.objects.create(organization=superior, term=term, member=member_a, position=self.position)

    monkeypatch.setattr(CommitteeSeat, "full_clean", clean_then_lose_the_race)
    with pytest.raises(ValidationError):
        committees.committee_seat_add(
            acting_user=superior_clerk, organization=superior, term=term, member=member_a, position="member",
        )
    assert CommitteeSeat.objects.count() == 1


@pytest.mark.postgres
def test_two_clerks_at_once_on_postgresql_one_member_one_message(transactional_db, english, branch_a, superior_clerk):
    """Real threads, real connections: both pass the check, then both save."""
    clean = Member.full_clean
    barrier = threading.Barrier(2)

    def clean_then_wait(self, *args, **kwargs):
        clean(self, *args, **kwargs)
        barrier.wait(timeout=30)

    def create(name):
        try:
            translation.activate("en")  # per thread
            members.member_create(acting_user=superior_clerk, organization=branch_a, **_fields(full_name=name))
            return "created"
        except ValidationError as error:
            return error.messages
        finally:
            connections.close_all()

    Member.full_clean = clean_then_wait
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = list(pool.map(create, ["Võ Thị Hồng", "Võ Thị Hồng Hai"]))
    finally:
        Member.full_clean = clean
    assert sorted(map(str, outcomes)) == sorted(["created", str([TAKEN])])
    assert Member.objects.filter(party_card_number=CARD).count() == 1
