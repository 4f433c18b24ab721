import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from branches.models import Member
from branches.tests.factories import MemberFactory, OrganizationFactory, RoleFactory, TermFactory, UserFactory
from congress import rules
from congress.models import Congress, CongressKind, CongressState, Plan, PlanScope, WorkingGroup
from congress.services.plans import (
    congress_set_ordinal,
    plan_create,
    plan_issue,
    plan_set_scope,
    working_group_save,
)
from congress.tests.builders import PLAN_BODY
from documents.models import Document, NumberSequence
from documents.rules import Actor, Move
from documents.services.documents import document_move, document_save_body

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

CLERK, LEADER = {Actor.CLERK}, {Actor.LEADER}
HELD_BY = datetime.date(2022, 7, 20)


@pytest.fixture
def term(db):
    return TermFactory(start_year=2022, end_year=2025)


@pytest.fixture
def plan(superior, branch_a, branch_b, superior_clerk, term):
    return plan_create(
        acting_user=superior_clerk, organization=superior, term=term, subject="Kế hoạch tổ chức đại hội chi bộ",
        congresses_held_by=HELD_BY, pilots_held_by=datetime.date(2022, 6, 15), pilots=[branch_a],
    )


def _approve(plan, clerk, leader):
    document_save_body(acting_user=clerk, document=plan.document, body=PLAN_BODY)
    document_move(acting_user=clerk, document=plan.document, move=Move.SUBMIT, actors=CLERK)
    document_move(acting_user=leader, document=plan.document, move=Move.APPROVE, actors=LEADER)


@pytest.fixture
def issued(plan, superior_clerk, superior_leader):
    _approve(plan, superior_clerk, superior_leader)
    return plan_issue(acting_user=superior_clerk, plan=plan, actors=CLERK)


# --- Creating a plan and its scope --------------------------------------------------------------


def test_the_default_scope_is_every_active_branch_of_the_subtree(term):
    bloc = OrganizationFactory(name="Đảng bộ Khối", kind="superior", short_name="ĐUK")
    committee = OrganizationFactory(parent=bloc, name="Đảng bộ Sở Công Thương", kind="grassroots_committee")
    partial = OrganizationFactory(parent=committee, name="Đảng bộ bộ phận Khối Văn phòng", kind="partial_committee")
    office = OrganizationFactory(parent=committee, name="Chi bộ Văn phòng 2", kind="branch")
    deep = OrganizationFactory(parent=partial, name="Chi bộ Phòng Kế hoạch", kind="branch")
    OrganizationFactory(parent=committee, name="Chi bộ đã giải thể", kind="branch", is_active=False)
    grassroots_branch = OrganizationFactory(parent=bloc, name="Chi bộ Báo tỉnh", kind="grassroots_branch")
    OrganizationFactory(name="Đảng bộ khác", kind="superior")  # another tree
    clerk = UserFactory()

    plan = plan_create(
        acting_user=clerk, organization=bloc, term=term, subject="Kế hoạch đại hội", congresses_held_by=HELD_BY,
    )

    assert {row.organization for row in plan.scope.all()} == {office, deep, grassroots_branch}
    assert not plan.scope.filter(is_pilot=True).exists()
    assert (plan.document.doc_type, plan.document.issuer, plan.document.term) == ("KH", bloc, term)
    assert plan.document.state == "draft" and plan.opened_at is None
    assert (plan.documents_days_before, plan.report_working_days, plan.ratify_working_days) == (10, 7, 15)


def test_deadlines_and_the_direct_election_of_the_secretary_are_set_at_creation(superior, branch_a, superior_clerk, term):
    plan = plan_create(
        acting_user=superior_clerk, organization=superior, term=term, subject="Kế hoạch", congresses_held_by=HELD_BY,
        documents_days_before=15, report_working_days=5, ratify_working_days=10, elects_secretary_directly=True,
    )
    plan.refresh_from_db()
    assert (plan.documents_days_before, plan.report_working_days, plan.ratify_working_days) == (15, 5, 10)
    assert plan.elects_secretary_directly


def test_a_scope_outside_the_subtree_is_refused_and_nothing_is_created(superior, branch_a, superior_clerk, term):
    stranger = OrganizationFactory(parent=OrganizationFactory(kind="grassroots_committee"), name="Chi bộ Lạ")
    for scope in ([branch_a, stranger], [superior]):
        with pytest.raises(ValidationError, match="can only cover organisations below it"):
            plan_create(
                acting_user=superior_clerk, organization=superior, term=term, subject="Kế hoạch",
                congresses_held_by=HELD_BY, scope=scope,
            )
    assert not Plan.objects.exists() and not Document.objects.exists()


def test_an_inactive_organisation_cannot_be_in_scope(superior, branch_a, superior_clerk, term):
    closed = OrganizationFactory(parent=superior, name="Chi bộ đã giải thể", is_active=False)
    with pytest.raises(ValidationError, match="Inactive organisations hold no congress"):
        plan_create(
            acting_user=superior_clerk, organization=superior, term=term, subject="Kế hoạch",
            congresses_held_by=HELD_BY, scope=[branch_a, closed],
        )


def test_pilots_must_be_in_scope(plan, superior, branch_a, branch_b, superior_clerk, term):
    with pytest.raises(ValidationError, match="pilot congress must be one of the plan"):
        plan_create(
            acting_user=superior_clerk, organization=superior, term=term, subject="Kế hoạch",
            congresses_held_by=HELD_BY, scope=[branch_a], pilots=[branch_b],
        )
    with pytest.raises(ValidationError, match="pilot congress must be one of the plan"):
        plan_set_scope(acting_user=superior_clerk, plan=plan, organizations=[branch_a], pilots=[branch_b])
    assert Plan.objects.count() == 1


def test_pilots_are_held_before_the_other_congresses(superior, branch_a, superior_clerk, term):
    with pytest.raises(ValidationError, match="Pilot congresses must be held by"):
        plan_create(
            acting_user=superior_clerk, organization=superior, term=term, subject="Kế hoạch",
            congresses_held_by=HELD_BY, pilots_held_by=HELD_BY + datetime.timedelta(days=1),
        )
    assert not Document.objects.exists()


def test_setting_the_scope_adds_removes_and_marks_pilots(plan, superior, branch_a, branch_b, superior_clerk):
    branch_c = OrganizationFactory(parent=superior, name="Chi bộ Trường Tiểu học")
    plan_set_scope(acting_user=superior_clerk, plan=plan, organizations=[branch_b, branch_c], pilots=[branch_c])
    assert dict(plan.scope.values_list("organization", "is_pilot")) == {branch_b.pk: False, branch_c.pk: True}
    actions = set(LogEntry.objects.filter(content_type__model="planscope").values_list("additional_data__action", flat=True))
    assert actions == {"congress.plan.created", "congress.plan.scope_set"}


def test_the_scope_cannot_drop_an_organisation_a_working_group_follows(plan, branch_a, branch_b, superior_clerk):
    working_group_save(acting_user=superior_clerk, plan=plan, name="Tổ công tác số 1", members=[], organizations=[branch_a])
    with pytest.raises(ValidationError, match="Chi bộ TDP Hoàng Trinh \\(Tổ công tác số 1\\)"):
        plan_set_scope(acting_user=superior_clerk, plan=plan, organizations=[branch_b])


def test_the_scope_is_fixed_once_the_plan_is_issued(issued, branch_a, superior_clerk):
    with pytest.raises(ValidationError, match="can no longer change"):
        plan_set_scope(acting_user=superior_clerk, plan=issued, organizations=[branch_a])


# --- Working groups ----------------------------------------------------------------------------


def test_a_working_group_follows_organisations_of_the_plan_only(plan, superior, branch_a, superior_clerk, superior_leader):
    group = working_group_save(
        acting_user=superior_clerk, plan=plan, name=" Tổ công tác số 1 ", members=[superior_leader, superior_clerk],
        organizations=[branch_a],
    )
    assert group.name == "Tổ công tác số 1"
    assert set(group.members.all()) == {superior_leader, superior_clerk}
    assert list(group.organizations.all()) == [branch_a]

    outside = OrganizationFactory(parent=superior, name="Chi bộ ngoài kế hoạch")
    with pytest.raises(ValidationError, match="only follow organisations of the plan"):
        working_group_save(
            acting_user=superior_clerk, plan=plan, name="Tổ công tác số 1", members=[], organizations=[outside],
            group=group,
        )
    with pytest.raises(ValidationError):  # the name is taken in this plan
        working_group_save(acting_user=superior_clerk, plan=plan, name="Tổ công tác số 1", members=[], organizations=[])
    assert WorkingGroup.objects.count() == 1
    assert list(group.organizations.all()) == [branch_a]


# --- Issuing the plan opens the congresses -----------------------------------------------------


def test_an_unapproved_plan_cannot_be_issued_and_nothing_is_created(plan, superior_clerk):
    with pytest.raises(ValidationError, match="Only an approved document can be issued"):
        plan_issue(acting_user=superior_clerk, plan=plan, actors=CLERK)
    plan.refresh_from_db()
    plan.document.refresh_from_db()
    assert plan.opened_at is None and plan.document.state == "draft" and plan.document.number is None
    assert not Congress.objects.exists()
    assert not NumberSequence.objects.filter(last_number__gt=0).exists()


def test_issuing_numbers_the_plan_and_opens_one_congress_per_organisation(issued, branch_a, branch_b, term):
    document = Document.objects.get(pk=issued.document.pk)
    assert (document.state, document.symbol) == ("issued", "01-KH/ĐU")
    assert issued.opened_at is not None
    congresses = {c.organization: c for c in Congress.objects.filter(plan=issued)}
    assert set(congresses) == {branch_a, branch_b}
    first = congresses[branch_a]
    assert (first.ordinal, first.kind, first.is_pilot, first.state) == (1, "members", True, "planned")
    assert not congresses[branch_b].is_pilot
    assert first.name == "Đại hội Chi bộ TDP Hoàng Trinh lần thứ nhất, nhiệm kỳ 2022–2025"


def test_issuing_twice_is_refused(issued, superior_clerk):
    with pytest.raises(ValidationError, match="already issued"):
        plan_issue(acting_user=superior_clerk, plan=issued, actors=CLERK)
    assert Congress.objects.count() == 2


def test_the_next_term_numbers_the_congress_after_the_last_one(issued, superior, branch_a, branch_b, superior_clerk, superior_leader):
    earlier = Congress.objects.get(plan=issued, organization=branch_b)
    congress_set_ordinal(acting_user=superior_clerk, congress=earlier, ordinal=15)  # held since 1977
    later = plan_create(
        acting_user=superior_clerk, organization=superior, term=TermFactory(start_year=2025, end_year=2030),
        subject="Kế hoạch nhiệm kỳ 2025–2030", congresses_held_by=datetime.date(2025, 6, 30),
    )
    _approve(later, superior_clerk, superior_leader)
    plan_issue(acting_user=superior_clerk, plan=later, actors=CLERK)

    congresses = {c.organization: c for c in Congress.objects.filter(plan=later)}
    assert congresses[branch_a].ordinal == 2
    assert "lần thứ II, nhiệm kỳ 2025–2030" in congresses[branch_a].name
    assert congresses[branch_b].name == "Đại hội Chi bộ Trạm Y tế lần thứ XVI, nhiệm kỳ 2025–2030"
    assert Document.objects.get(pk=later.document.pk).symbol == "01-KH/ĐU"  # a new term restarts at 01


def test_an_ordinal_starts_at_one(issued, superior_clerk):
    congress = Congress.objects.filter(plan=issued).first()
    with pytest.raises(ValidationError):
        congress_set_ordinal(acting_user=superior_clerk, congress=congress, ordinal=0)


def test_an_organisation_has_one_congress_per_term(issued, superior, branch_a, superior_clerk, superior_leader, term):
    again = plan_create(
        acting_user=superior_clerk, organization=superior, term=term, subject="Kế hoạch bổ sung",
        congresses_held_by=HELD_BY, scope=[branch_a],
    )
    _approve(again, superior_clerk, superior_leader)
    with pytest.raises(ValidationError, match="already have a congress for this term: Chi bộ TDP Hoàng Trinh"):
        plan_issue(acting_user=superior_clerk, plan=again, actors=CLERK)
    assert Document.objects.get(pk=again.document.pk).number is None


def test_the_kind_opens_from_all_the_members_of_a_grassroots_committee_and_a_branch_holds_a_members_congress(term):
    # Chỉ thị 35-CT/TW §4 (docs/domain.md §3.12): a grassroots committee of 200 members or more,
    # ALL members counted, holds a delegates' congress; a branch always a members' congress. The
    # product used to count official members only, and sent branches of 200 to a delegates'
    # congress (issue 13 changed it; the superior may still change a committee's kind).
    town = OrganizationFactory(name="Đảng bộ thị xã Kỳ Anh", kind="superior", short_name="ThU")
    big = OrganizationFactory(parent=town, name="Đảng bộ phường Lớn", kind="grassroots_committee", short_name="ĐU")
    small = OrganizationFactory(parent=town, name="Đảng bộ phường Nhỏ", kind="grassroots_committee", short_name="ĐU")
    branch = OrganizationFactory(parent=town, name="Chi bộ cơ sở Đông", kind="grassroots_branch")
    _members(OrganizationFactory(parent=big, name="Chi bộ Khu phố 1", kind="branch"), 195, "official")
    _members(big, 5, "probationary")  # 200 members, 195 of them official
    _members(small, 198, "official")
    _members(small, 1, "suspended")  # 199 members
    _members(branch, 250, "official")
    clerk, leader = UserFactory(username="town_clerk"), UserFactory(username="town_leader")
    RoleFactory(user=clerk, organization=town, kind="clerk")
    RoleFactory(user=leader, organization=town, kind="leader")
    plan = plan_create(
        acting_user=clerk, organization=town, term=term, subject="Kế hoạch tổ chức đại hội đảng bộ cơ sở",
        congresses_held_by=HELD_BY, scope=[big, small, branch],
    )
    _approve(plan, clerk, leader)
    plan_issue(acting_user=clerk, plan=plan, actors=CLERK)
    kinds = dict(Congress.objects.values_list("organization", "kind"))
    assert kinds == {big.pk: "delegates", small.pk: "members", branch.pk: "members"}


def _members(organization, count, status):
    rows = [MemberFactory.build(organization=organization, status=status) for _ in range(count)]
    for row in rows:
        row.refresh_name_keys()
    Member.objects.bulk_create(rows)


def test_a_failure_while_opening_the_congresses_gives_the_number_back(plan, superior_clerk, superior_leader, monkeypatch):
    _approve(plan, superior_clerk, superior_leader)

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("congress.services.plans._member_counts", boom)
    with pytest.raises(RuntimeError):
        plan_issue(acting_user=superior_clerk, plan=plan, actors=CLERK)
    document = Document.objects.get(pk=plan.document.pk)
    assert (document.state, document.number, document.symbol) == ("approved", None, "")
    assert not NumberSequence.objects.filter(last_number__gt=0).exists()
    assert not Congress.objects.exists()
    assert Plan.objects.get(pk=plan.pk).opened_at is None


def test_creating_and_issuing_are_audited_with_the_actor(issued, superior_clerk):
    rows = LogEntry.objects.filter(actor=superior_clerk)
    by_model = {}
    for model, action in rows.values_list("content_type__model", "additional_data__action"):
        by_model.setdefault(model, set()).add(action)
    assert by_model["plan"] == {"congress.plan.created", "congress.plan.issued"}
    assert by_model["congress"] == {"congress.plan.issued"}
    assert "documents.document.created" in by_model["document"]
    assert "documents.document.issued" in by_model["document"]
    assert LogEntry.objects.filter(content_type__model="congress", actor__isnull=True).count() == 0


def test_congress_states_and_kinds_follow_the_rules():
    assert tuple(CongressState.values) == rules.STATES
    assert CongressState.PLANNED == rules.PLANNED
    assert set(CongressKind.values) == {rules.MEMBERS, rules.DELEGATES}


def test_a_plan_scope_row_is_unique(plan, branch_a):
    with pytest.raises(ValidationError):
        PlanScope(plan=plan, organization=branch_a).full_clean()
