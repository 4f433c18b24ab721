"""Entering, editing and transferring members (branches.services.members)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from branches import text
from branches.models import Member
from branches.services.members import member_create, member_transfer, member_update
from branches.services.organizations import organization_set_active
from branches.tests.factories import MemberFactory, OrganizationFactory, UserFactory


@pytest.fixture
def clerk(db):
    return UserFactory(username="member_clerk")


def _fields(**overrides):
    return {
        "full_name": "Nguyễn Thị Đào",
        "gender": "female",
        "date_of_birth": datetime.date(1980, 1, 15),
        "joined_on": datetime.date(2005, 5, 19),
        "official_on": datetime.date(2006, 5, 19),
        "membership": "official",
        "situation": "none",
        **overrides,
    }


def _entries(obj, action: str):
    return [e for e in LogEntry.objects.get_for_object(obj) if (e.additional_data or {}).get("action") == action]


# ---------------------------------------------------------------------------------------------
# create and update


def test_create_computes_the_search_and_order_columns(clerk, branch_a):
    member = member_create(acting_user=clerk, organization=branch_a, **_fields(full_name="  Nguyễn   Thị  Đào "))
    member = Member.objects.get(pk=member.pk)
    assert member.full_name == "Nguyễn Thị Đào"
    assert member.search_name == "nguyen thi dao"
    assert member.sort_key == text.name_sort_key("Nguyễn Thị Đào")
    assert member.organization == branch_a


def test_create_is_audited_with_the_actor(clerk, branch_a):
    member = member_create(acting_user=clerk, organization=branch_a, **_fields())
    [entry] = _entries(member, "branches.member.created")
    assert entry.actor == clerk
    assert entry.action == LogEntry.Action.CREATE
    assert entry.changes["full_name"][1] == "Nguyễn Thị Đào"
    assert "search_name" not in entry.changes and "sort_key" not in entry.changes


def test_official_before_joining_is_refused_and_nothing_is_written(clerk, branch_a):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        member_create(
            acting_user=clerk, organization=branch_a,
            **_fields(joined_on=datetime.date(2005, 5, 19), official_on=datetime.date(2005, 1, 1)),
        )
    assert "The date of becoming official cannot precede the date of joining." in refused.value.messages
    assert not Member.objects.exists()
    assert not LogEntry.objects.filter(content_type__model="member").exists()


def test_joining_before_birth_is_refused_and_nothing_is_written(clerk, branch_a):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        member_create(
            acting_user=clerk, organization=branch_a,
            **_fields(date_of_birth=datetime.date(1990, 1, 1), joined_on=datetime.date(1989, 12, 31), official_on=None),
        )
    assert "The date of joining must come after the date of birth." in refused.value.messages
    assert not Member.objects.exists()


def test_a_bad_update_changes_nothing(clerk, member_a):
    before = Member.objects.get(pk=member_a.pk)
    with pytest.raises(ValidationError):
        member_update(
            acting_user=clerk, member=member_a, full_name="Tên Mới", official_on=before.joined_on - datetime.timedelta(days=1)
        )
    after = Member.objects.get(pk=member_a.pk)
    assert (after.full_name, after.official_on, after.search_name) == (before.full_name, before.official_on, before.search_name)
    assert not _entries(member_a, "branches.member.updated")


def test_update_refreshes_the_derived_columns_and_audits_the_change(clerk, member_a):
    member_update(acting_user=clerk, member=member_a, full_name="Lê Thị Bình")
    member = Member.objects.get(pk=member_a.pk)
    assert member.search_name == "le thi binh"
    assert member.sort_key == text.name_sort_key("Lê Thị Bình")
    [entry] = _entries(member, "branches.member.updated")
    assert entry.actor == clerk
    assert entry.changes == {"full_name": ["Nguyễn Văn An", "Lê Thị Bình"]}


def test_update_refuses_the_organisation_field(clerk, member_a, branch_b):
    with pytest.raises(TypeError):
        member_update(acting_user=clerk, member=member_a, organization=branch_b)
    assert Member.objects.get(pk=member_a.pk).organization_id == member_a.organization_id


def test_members_cannot_be_created_in_an_inactive_organisation(clerk, superior):
    empty = OrganizationFactory(parent=superior, kind="branch")
    organization_set_active(acting_user=clerk, organization=empty, active=False)
    empty.refresh_from_db()
    with pytest.raises(ValidationError):
        member_create(acting_user=clerk, organization=empty, **_fields())
    assert not Member.objects.exists()


# ---------------------------------------------------------------------------------------------
# transfer


def test_transfer_moves_the_member_and_records_why(clerk, member_a, branch_a, branch_b):
    member_transfer(acting_user=clerk, member=member_a, to=branch_b, reason="Quyết định số 12-QĐ/ĐU")
    assert Member.objects.get(pk=member_a.pk).organization == branch_b
    [entry] = _entries(member_a, "branches.member.transferred")
    assert entry.actor == clerk
    assert entry.additional_data["reason"] == "Quyết định số 12-QĐ/ĐU"
    assert entry.changes == {"organization": [str(branch_a.pk), str(branch_b.pk)]}
    with translation.override("en"):
        assert entry.changes_display_dict["Party organisation"] == [branch_a.name, branch_b.name]


def test_transfer_into_an_inactive_organisation_is_refused(clerk, superior, member_a):
    closed = OrganizationFactory(parent=superior, kind="branch")
    organization_set_active(acting_user=clerk, organization=closed, active=False)
    closed.refresh_from_db()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        member_transfer(acting_user=clerk, member=member_a, to=closed)
    assert refused.value.messages == ["An inactive organisation cannot receive members."]
    assert Member.objects.get(pk=member_a.pk).organization_id == member_a.organization_id
    assert not _entries(member_a, "branches.member.transferred")


def test_transfer_to_the_same_organisation_is_refused(clerk, member_a, branch_a):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        member_transfer(acting_user=clerk, member=member_a, to=branch_a)
    assert refused.value.messages == ["The member is already active in this organisation."]
    assert not _entries(member_a, "branches.member.transferred")


# ---------------------------------------------------------------------------------------------
# the Party card number


def test_a_party_card_number_belongs_to_one_member(clerk, branch_a, branch_b):
    member_create(acting_user=clerk, organization=branch_a, **_fields(party_card_number="52012345"))
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        member_create(acting_user=clerk, organization=branch_b, **_fields(full_name="Lê Văn Tám", party_card_number="52012345"))
    assert "Another member already has this Party card number." in refused.value.messages
    assert Member.objects.filter(party_card_number="52012345").count() == 1


def test_the_database_refuses_a_duplicate_party_card_number(branch_a):
    MemberFactory(organization=branch_a, party_card_number="52012345")
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(organization=branch_a, party_card_number="52012345")


def test_many_members_may_have_no_party_card_number(clerk, branch_a):
    for name in ("Lê Văn Một", "Lê Văn Hai", "Lê Văn Ba"):
        member_create(acting_user=clerk, organization=branch_a, **_fields(full_name=name, party_card_number=""))
    assert Member.objects.filter(party_card_number="").count() == 3
