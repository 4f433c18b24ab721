"""Who sat on which committee in which term (branches.services.committees)."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from branches.models import CommitteeSeat
from branches.services.committees import committee_seat_add, committee_seat_remove
from branches.tests.factories import MemberFactory, TermFactory, UserFactory


@pytest.fixture
def clerk(db):
    return UserFactory(username="committee_clerk")


@pytest.fixture
def term(db):
    return TermFactory(start_year=2022, end_year=2025)


@pytest.fixture
def next_term(db):
    return TermFactory(start_year=2025, end_year=2030)


def test_a_seat_is_recorded_and_audited(clerk, branch_a, term, member_a):
    seat = committee_seat_add(acting_user=clerk, organization=branch_a, term=term, member=member_a, position="secretary")
    assert CommitteeSeat.objects.get(pk=seat.pk).member == member_a
    [entry] = LogEntry.objects.get_for_object(seat)
    assert entry.actor == clerk
    assert entry.additional_data["action"] == "branches.committee_seat.added"


def test_one_secretary_per_organisation_and_term(clerk, branch_a, term, next_term, member_a):
    other = MemberFactory(organization=branch_a, full_name="Lê Thị Hoa", gender="female")
    committee_seat_add(acting_user=clerk, organization=branch_a, term=term, member=member_a, position="secretary")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        committee_seat_add(acting_user=clerk, organization=branch_a, term=term, member=other, position="secretary")
    assert "This committee already has a secretary in this term." in refused.value.messages
    assert CommitteeSeat.objects.filter(organization=branch_a, term=term).count() == 1
    # another term, or another seat, is fine
    committee_seat_add(acting_user=clerk, organization=branch_a, term=next_term, member=other, position="secretary")
    committee_seat_add(acting_user=clerk, organization=branch_a, term=term, member=other, position="deputy_secretary")
    assert CommitteeSeat.objects.filter(organization=branch_a).count() == 3


def test_the_database_holds_one_secretary_per_organisation_and_term(branch_a, term, member_a):
    other = MemberFactory(organization=branch_a)
    CommitteeSeat.objects.create(organization=branch_a, term=term, member=member_a, position="secretary")
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeSeat.objects.create(organization=branch_a, term=term, member=other, position="secretary")


def test_a_secretary_per_organisation_not_per_tree(clerk, superior, branch_a, term, member_a):
    other = MemberFactory(organization=branch_a)
    committee_seat_add(acting_user=clerk, organization=branch_a, term=term, member=member_a, position="secretary")
    committee_seat_add(acting_user=clerk, organization=superior, term=term, member=other, position="secretary")
    assert CommitteeSeat.objects.filter(position="secretary", term=term).count() == 2


def test_a_person_holds_one_seat_per_committee_and_term(clerk, branch_a, term, next_term, member_a):
    committee_seat_add(acting_user=clerk, organization=branch_a, term=term, member=member_a, position="member")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        committee_seat_add(acting_user=clerk, organization=branch_a, term=term, member=member_a, position="deputy_secretary")
    assert "This person already holds a seat on this committee in this term." in refused.value.messages
    assert CommitteeSeat.objects.get(organization=branch_a, term=term).position == "member"
    committee_seat_add(acting_user=clerk, organization=branch_a, term=next_term, member=member_a, position="deputy_secretary")


def test_the_database_holds_one_seat_per_person(branch_a, term, member_a):
    CommitteeSeat.objects.create(organization=branch_a, term=term, member=member_a, position="member")
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeSeat.objects.create(organization=branch_a, term=term, member=member_a, position="deputy_secretary")


def test_the_member_must_belong_to_the_organisations_subtree(clerk, superior, branch_a, term, member_a, member_b):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        committee_seat_add(acting_user=clerk, organization=branch_a, term=term, member=member_b, position="member")
    assert refused.value.message_dict == {
        "member": ["The person must be a member of this organisation or of one under it."]
    }
    assert not CommitteeSeat.objects.exists()
    # a member of a branch may sit on the committee above it
    committee_seat_add(acting_user=clerk, organization=superior, term=term, member=member_b, position="member")
    assert CommitteeSeat.objects.filter(organization=superior, member=member_b).exists()


def test_removing_a_seat_is_audited(clerk, branch_a, term, member_a):
    seat = committee_seat_add(acting_user=clerk, organization=branch_a, term=term, member=member_a, position="member")
    seat_pk = seat.pk
    committee_seat_remove(acting_user=clerk, seat=seat)
    assert not CommitteeSeat.objects.filter(pk=seat_pk).exists()
    entry = LogEntry.objects.get(object_id=seat_pk, action=LogEntry.Action.DELETE,
                                 content_type__model="committeeseat")
    assert entry.actor == clerk
    assert entry.additional_data["action"] == "branches.committee_seat.removed"
