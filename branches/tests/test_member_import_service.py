"""members_import: all or nothing, through the same field rules as member_create/member_update."""

import datetime as dt

import pytest
from auditlog.models import LogEntry

from branches.imports import ImportRefused, ImportRow, OrgRef
from branches.models import Member, Organization
from branches.services.imports import members_import, members_import_plan
from branches.tests.factories import MemberFactory, OrganizationFactory

ACTION = "branches.member.imported"


pytestmark = pytest.mark.usefixtures("english")


def _row(number=2, organization=None, **values):
    base = {"full_name": "Lê Thị Hoa", "gender": "female", "date_of_birth": dt.date(1985, 4, 12),
            "ethnicity": "Kinh", "joined_on": dt.date(2010, 5, 20), "official_on": dt.date(2011, 5, 20),
            "membership": "official", "situation": "none", "party_card_number": "", "occupation": "Giáo viên", "notes": ""}
    ref = OrgRef(organization.pk, organization.name, organization.is_active) if organization else None
    return ImportRow(number, {**base, **values}, ref)


def _imported_entries():
    return LogEntry.objects.filter(additional_data__action=ACTION)


def _state():
    return list(Member.objects.order_by("pk").values_list()), LogEntry.objects.count()


def test_new_members_are_created_where_their_row_says_and_audited(superior, branch_a, superior_clerk):
    plan = members_import(acting_user=superior_clerk, organization=superior, rows=[
        _row(2), _row(3, organization=branch_a, full_name="Hà  Văn Nam", gender="male", party_card_number="123"),
    ])
    assert (len(plan.new), len(plan.updated), len(plan.unchanged)) == (2, 0, 0)
    hoa = Member.objects.get(full_name="Lê Thị Hoa")
    nam = Member.objects.get(party_card_number="123")
    assert hoa.organization == superior and nam.organization == branch_a
    assert nam.full_name == "Hà Văn Nam" and nam.search_name == "ha van nam" and nam.sort_key
    entries = _imported_entries()
    assert {e.object_pk for e in entries} == {str(hoa.pk), str(nam.pk)}
    assert all(e.actor == superior_clerk and e.action == LogEntry.Action.CREATE for e in entries)
    assert entries.first().additional_data["organization"] == superior.pk


def test_importing_the_same_rows_again_changes_nothing(superior, superior_clerk):
    rows = [_row(2), _row(3, full_name="Hà Văn Nam", gender="male", party_card_number="123")]
    members_import(acting_user=superior_clerk, organization=superior, rows=rows)
    before = _state()
    plan = members_import(acting_user=superior_clerk, organization=superior, rows=rows)
    assert (len(plan.new), len(plan.updated), len(plan.unchanged)) == (0, 0, 2)
    assert _state() == before


def test_a_matched_member_is_updated_with_only_its_changed_fields_audited(superior, branch_a, superior_clerk, member_a):
    row = _row(full_name=member_a.full_name, gender=member_a.gender, date_of_birth=member_a.date_of_birth,
               joined_on=member_a.joined_on, official_on=member_a.official_on, situation="exempt", notes="Ốm dài ngày",
               occupation=member_a.occupation)
    plan = members_import(acting_user=superior_clerk, organization=superior, rows=[row])
    assert [p.member_id for p in plan.updated] == [member_a.pk]
    member_a.refresh_from_db()
    assert (member_a.membership, member_a.situation, member_a.notes, member_a.organization) == (
        "official", "exempt", "Ốm dài ngày", branch_a,
    )
    [entry] = _imported_entries()
    assert entry.action == LogEntry.Action.UPDATE
    assert set(entry.changes_dict) == {"situation", "notes"}


def test_a_card_number_held_outside_the_subtree_refuses_everything(branch_a, branch_clerk, member_b):
    Member.objects.filter(pk=member_b.pk).update(party_card_number="999")
    before = _state()
    with pytest.raises(ImportRefused) as refused:
        members_import(acting_user=branch_clerk, organization=branch_a, rows=[
            _row(2), _row(3, full_name="Hà Văn Nam", party_card_number="999"),
        ])
    assert [(e.row, e.message) for e in refused.value.row_errors] == [
        (3, "The Party card number 999 belongs to a member outside Chi bộ TDP Hoàng Trinh."),
    ]
    assert _state() == before


def test_a_row_the_model_refuses_rolls_back_the_rows_saved_before_it(superior, superior_clerk):
    before = _state()
    with pytest.raises(ImportRefused) as refused:
        members_import(acting_user=superior_clerk, organization=superior, rows=[
            _row(2), _row(3, full_name="Hà Văn Nam", gender="other"),
        ])
    [error] = refused.value.row_errors
    assert error.row == 3 and error.message.startswith("Gender:")
    assert _state() == before


def test_the_rows_are_checked_again_against_the_database(superior, branch_a, superior_clerk):
    rows = [_row(2), _row(3, organization=branch_a, full_name="Hà Văn Nam")]
    assert members_import_plan(organization=superior, rows=rows).errors == []
    Organization.objects.filter(pk=branch_a.pk).update(is_active=False)  # meanwhile
    with pytest.raises(ImportRefused) as refused:
        members_import(acting_user=superior_clerk, organization=superior, rows=rows)
    assert [e.row for e in refused.value.row_errors] == [3]
    assert not Member.objects.exists()


def test_an_organisation_outside_the_subtree_is_refused_even_if_a_row_names_it(branch_a, branch_b, branch_clerk):
    with pytest.raises(ImportRefused):
        members_import(acting_user=branch_clerk, organization=branch_a, rows=[_row(organization=branch_b)])
    assert not Member.objects.exists()


def test_nothing_to_import_is_refused(superior, superior_clerk):
    with pytest.raises(ImportRefused):
        members_import(acting_user=superior_clerk, organization=superior, rows=[])


def test_members_of_other_subtrees_are_not_matched_by_name(branch_a, branch_clerk, member_b):
    row = _row(full_name=member_b.full_name, date_of_birth=member_b.date_of_birth)
    plan = members_import(acting_user=branch_clerk, organization=branch_a, rows=[row])
    assert len(plan.new) == 1
    assert Member.objects.filter(full_name=member_b.full_name).count() == 2


def test_matching_loads_only_what_it_needs(superior, superior_clerk, django_assert_max_num_queries):
    other = OrganizationFactory(parent=superior, name="Chi bộ Văn phòng 2", kind="branch")
    MemberFactory.create_batch(5, organization=other)
    rows = [_row(n, full_name=f"Người {n}") for n in range(2, 60)]
    with django_assert_max_num_queries(4):
        members_import_plan(organization=superior, rows=rows)


def test_a_date_of_joining_moved_past_the_stored_date_of_becoming_official_names_its_row(
    superior, superior_clerk, member_a, django_assert_max_num_queries,
):
    """A file without the "Ngày chính thức" column keeps the stored date; the row's new date of
    joining may not pass it. Checked in Python (the database would refuse it without a row)."""
    Member.objects.filter(pk=member_a.pk).update(joined_on=dt.date(2010, 1, 1), official_on=dt.date(2011, 1, 1))
    values = {"full_name": member_a.full_name, "gender": member_a.gender, "date_of_birth": member_a.date_of_birth,
              "joined_on": dt.date(2012, 1, 1), "membership": "official"}
    before = _state()
    with pytest.raises(ImportRefused) as refused:
        members_import(acting_user=superior_clerk, organization=superior, rows=[ImportRow(7, values)])
    assert [str(e) for e in refused.value.row_errors] == [
        "Row 7: The date of becoming official cannot precede the date of joining."]
    assert _state() == before


def test_saving_a_member_costs_a_few_queries(superior, superior_clerk, django_assert_max_num_queries):
    """Django would check each of Member's four CheckConstraints with a query and a savepoint."""
    rows = [_row(n, full_name=f"Người {n}", party_card_number=f"{n}") for n in range(2, 52)]
    with django_assert_max_num_queries(50 * 5 + 20):
        members_import(acting_user=superior_clerk, organization=superior, rows=rows)
    assert Member.objects.count() == 50
