"""Creating, editing, moving and (de)activating organisations (branches.services.organizations)."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import translation

from branches.models import Organization
from branches.selectors import member_list
from branches.services.organizations import (
    organization_create,
    organization_move,
    organization_set_active,
    organization_update,
)
from branches.tests.factories import MemberFactory, OrganizationFactory, UserFactory


@pytest.fixture
def clerk(db):
    return UserFactory(username="org_clerk")


@pytest.fixture
def bloc(db):
    """A superior (bloc) committee at the top of the tree."""
    return OrganizationFactory(name="Đảng bộ Khối các cơ quan tỉnh", kind="superior", short_name="ĐUK")


def _new(**fields):
    return {"sector": "agency", "short_name": "CB", "place_name": "Kỳ Trinh", **fields}


def _reload(org: Organization) -> Organization:
    return Organization.objects.get(pk=org.pk)


def _entries(obj, action: str):
    return [e for e in LogEntry.objects.get_for_object(obj) if (e.additional_data or {}).get("action") == action]


def _no_tree_problems():
    return all(problems == [] for problems in Organization.objects.find_problems())


# ---------------------------------------------------------------------------------------------
# create


def test_a_branch_under_a_branch_is_refused(clerk, branch_a):
    before = Organization.objects.count()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        organization_create(acting_user=clerk, parent=branch_a, **_new(name="Chi bộ con", kind="branch"))
    assert refused.value.message_dict == {"kind": ["A Party branch has no subordinate organisations."]}
    assert Organization.objects.count() == before
    assert _reload(branch_a).numchild == 0


def test_a_grassroots_committee_under_a_superior_committee_is_created_and_audited(clerk, bloc):
    committee = organization_create(
        acting_user=clerk, parent=bloc, **_new(name="Đảng bộ Sở Công Thương", kind="grassroots_committee", short_name="ĐU")
    )
    committee = _reload(committee)
    assert Organization.objects.get_parent(committee) == bloc
    assert committee.depth == 2 and committee.is_active
    assert _reload(bloc).numchild == 1
    [entry] = _entries(committee, "branches.organization.created")
    assert entry.actor == clerk
    assert entry.action == LogEntry.Action.CREATE
    assert entry.changes["name"][1] == "Đảng bộ Sở Công Thương"


def test_a_superior_committee_may_stand_at_the_top(clerk, db):
    top = organization_create(acting_user=clerk, parent=None, **_new(name="Đảng bộ tỉnh", kind="superior", short_name="TU"))
    assert _reload(top).depth == 1


@pytest.mark.parametrize("kind", ["branch", "partial_committee", "grassroots_branch"])
def test_only_committees_stand_at_the_top(clerk, db, kind):
    with pytest.raises(ValidationError) as refused:
        organization_create(acting_user=clerk, parent=None, **_new(name="Lạc", kind=kind))
    assert "kind" in refused.value.message_dict
    assert not Organization.objects.exists()


def test_a_partial_committee_under_a_grassroots_committee_is_created(clerk, superior):
    partial = organization_create(acting_user=clerk, parent=superior, **_new(name="Đảng bộ bộ phận 1", kind="partial_committee"))
    assert Organization.objects.get_parent(_reload(partial)) == superior


@pytest.mark.parametrize("parent_kind", ["superior", "partial_committee", "branch", "grassroots_branch"])
def test_a_partial_committee_elsewhere_is_refused(clerk, bloc, parent_kind):
    parent = bloc
    if parent_kind == "partial_committee":
        committee = OrganizationFactory(parent=bloc, kind="grassroots_committee")
        parent = OrganizationFactory(parent=committee, kind="partial_committee")
    elif parent_kind == "branch":
        committee = OrganizationFactory(parent=bloc, kind="grassroots_committee")
        parent = OrganizationFactory(parent=committee, kind="branch")
    elif parent_kind == "grassroots_branch":
        parent = OrganizationFactory(parent=bloc, kind="grassroots_branch")
    before = Organization.objects.count()
    with pytest.raises(ValidationError) as refused:
        organization_create(acting_user=clerk, parent=parent, **_new(name="Đảng bộ bộ phận", kind="partial_committee"))
    assert "kind" in refused.value.message_dict
    assert Organization.objects.count() == before


def test_nothing_is_created_under_an_inactive_organisation(clerk, superior, branch_a):
    organization_set_active(acting_user=clerk, organization=branch_a, active=False)
    organization_set_active(acting_user=clerk, organization=superior, active=False)
    with pytest.raises(ValidationError):
        organization_create(acting_user=clerk, parent=_reload(superior), **_new(name="Chi bộ mới", kind="branch"))
    assert _reload(superior).numchild == 1


def test_a_missing_name_is_refused_before_anything_is_written(clerk, superior):
    with pytest.raises(ValidationError) as refused:
        organization_create(acting_user=clerk, parent=superior, **_new(name="", kind="branch"))
    assert "name" in refused.value.message_dict
    assert _reload(superior).numchild == 0


# ---------------------------------------------------------------------------------------------
# update


def test_update_records_only_the_changed_fields(clerk, branch_a):
    organization_update(acting_user=clerk, organization=branch_a, name="Chi bộ TDP Hoàng Trinh 2", short_name="CB")
    assert _reload(branch_a).name == "Chi bộ TDP Hoàng Trinh 2"
    [entry] = _entries(branch_a, "branches.organization.updated")
    assert entry.actor == clerk
    assert entry.changes == {"name": ["Chi bộ TDP Hoàng Trinh", "Chi bộ TDP Hoàng Trinh 2"]}


def test_kind_change_is_refused_when_the_children_would_not_fit(clerk, superior, branch_a, branch_b):
    # a superior committee cannot hold Party branches
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        organization_update(acting_user=clerk, organization=superior, kind="superior")
    assert refused.value.message_dict == {"kind": ["This kind cannot hold the organisations already under it."]}
    assert _reload(superior).kind == "grassroots_committee"
    assert not _entries(superior, "branches.organization.updated")


def test_kind_change_is_refused_when_the_parent_cannot_hold_it(clerk, branch_a):
    with pytest.raises(ValidationError) as refused:
        organization_update(acting_user=clerk, organization=branch_a, kind="grassroots_branch")
    assert "kind" in refused.value.message_dict
    assert _reload(branch_a).kind == "branch"


def test_kind_change_is_accepted_when_children_and_parent_fit(clerk, bloc):
    committee = OrganizationFactory(parent=bloc, kind="grassroots_committee")
    OrganizationFactory(parent=committee, kind="branch")
    # nothing under a superior may be a partial committee; a grassroots branch holds nothing
    with pytest.raises(ValidationError):
        organization_update(acting_user=clerk, organization=committee, kind="grassroots_branch")
    empty = OrganizationFactory(parent=bloc, kind="grassroots_committee")
    organization_update(acting_user=clerk, organization=empty, kind="grassroots_branch")
    assert _reload(empty).kind == "grassroots_branch"
    [entry] = _entries(empty, "branches.organization.updated")
    assert entry.changes == {"kind": ["grassroots_committee", "grassroots_branch"]}


def test_update_takes_only_editable_fields(clerk, branch_a):
    with pytest.raises(TypeError):
        organization_update(acting_user=clerk, organization=branch_a, is_active=False)
    assert _reload(branch_a).is_active


# ---------------------------------------------------------------------------------------------
# move


@pytest.fixture
def two_committees(bloc):
    """bloc → committee_1 → partial → branch (2 members); bloc → committee_2 → branch."""
    committee_1 = OrganizationFactory(parent=bloc, name="Đảng bộ 1", kind="grassroots_committee")
    partial = OrganizationFactory(parent=committee_1, name="Đảng bộ bộ phận", kind="partial_committee")
    inner = OrganizationFactory(parent=partial, name="Chi bộ trong", kind="branch")
    MemberFactory.create_batch(2, organization=inner)
    committee_2 = OrganizationFactory(parent=bloc, name="Đảng bộ 2", kind="grassroots_committee")
    OrganizationFactory(parent=committee_2, name="Chi bộ sẵn có", kind="branch")
    return committee_1, partial, inner, committee_2


def test_move_brings_the_subtree_and_its_members(clerk, two_committees):
    committee_1, partial, inner, committee_2 = two_committees
    organization_move(acting_user=clerk, organization=partial, new_parent=committee_2)

    partial, inner = _reload(partial), _reload(inner)
    assert Organization.objects.get_parent(partial) == committee_2
    assert Organization.objects.get_parent(inner) == partial
    assert inner.is_in_subtree_of(_reload(committee_2))
    assert not inner.is_in_subtree_of(_reload(committee_1))
    assert member_list(_reload(committee_2), subtree=True).count() == 2
    assert member_list(_reload(committee_1), subtree=True).count() == 0
    assert _reload(committee_1).numchild == 0
    assert _reload(committee_2).numchild == 2
    assert _no_tree_problems()


def test_move_is_audited_with_the_old_and_new_parent(clerk, two_committees):
    committee_1, partial, _, committee_2 = two_committees
    organization_move(acting_user=clerk, organization=partial, new_parent=committee_2)
    [entry] = _entries(partial, "branches.organization.moved")
    assert entry.actor == clerk
    assert entry.changes == {"parent": ["Đảng bộ 1", "Đảng bộ 2"]}


def test_an_organisation_cannot_move_inside_itself(clerk, bloc):
    province = OrganizationFactory(parent=bloc, name="Đảng bộ huyện", kind="superior")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        organization_move(acting_user=clerk, organization=bloc, new_parent=province)
    assert refused.value.messages == ["An organisation cannot be moved inside itself."]
    with pytest.raises(ValidationError):
        organization_move(acting_user=clerk, organization=province, new_parent=province)
    assert Organization.objects.get_parent(_reload(province)) == bloc
    assert _no_tree_problems()
    assert not _entries(province, "branches.organization.moved")


def test_move_follows_the_nesting_rules(clerk, two_committees, bloc):
    _, partial, _, _ = two_committees
    with pytest.raises(ValidationError):
        organization_move(acting_user=clerk, organization=partial, new_parent=bloc)
    assert Organization.objects.get_parent(_reload(partial)).name == "Đảng bộ 1"


def test_move_to_the_same_parent_is_refused(clerk, two_committees):
    committee_1, partial, _, _ = two_committees
    with pytest.raises(ValidationError):
        organization_move(acting_user=clerk, organization=partial, new_parent=committee_1)
    assert not _entries(partial, "branches.organization.moved")


def test_move_under_an_inactive_organisation_is_refused(clerk, two_committees, bloc):
    committee_1, partial, _, _ = two_committees
    empty = OrganizationFactory(parent=bloc, kind="grassroots_committee")
    organization_set_active(acting_user=clerk, organization=empty, active=False)
    with pytest.raises(ValidationError):
        organization_move(acting_user=clerk, organization=partial, new_parent=_reload(empty))
    assert Organization.objects.get_parent(_reload(partial)) == committee_1


# ---------------------------------------------------------------------------------------------
# deactivate and reactivate


def test_deactivation_is_refused_while_active_children_exist(clerk, superior, branch_a):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        organization_set_active(acting_user=clerk, organization=superior, active=False)
    assert refused.value.messages == ["Deactivate or move its subordinate organisations first."]
    assert _reload(superior).is_active


def test_deactivation_is_refused_while_members_exist(clerk, branch_a, member_a):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        organization_set_active(acting_user=clerk, organization=branch_a, active=False)
    assert refused.value.messages == ["Transfer its members to another organisation first."]
    assert _reload(branch_a).is_active
    assert not _entries(branch_a, "branches.organization.deactivated")


def test_deactivation_and_reactivation_are_audited(clerk, superior, branch_a):
    organization_set_active(acting_user=clerk, organization=branch_a, active=False)
    assert not _reload(branch_a).is_active
    [entry] = _entries(branch_a, "branches.organization.deactivated")
    assert entry.actor == clerk
    assert entry.changes == {"is_active": ["True", "False"]}
    # the parent may now go too, its only child being inactive
    organization_set_active(acting_user=clerk, organization=superior, active=False)
    assert not _reload(superior).is_active

    organization_set_active(acting_user=clerk, organization=superior, active=True)
    organization_set_active(acting_user=clerk, organization=branch_a, active=True)
    assert _reload(branch_a).is_active
    [entry] = _entries(branch_a, "branches.organization.reactivated")
    assert entry.actor == clerk


def test_reactivation_is_refused_under_an_inactive_parent(clerk, superior, branch_a):
    organization_set_active(acting_user=clerk, organization=branch_a, active=False)
    organization_set_active(acting_user=clerk, organization=superior, active=False)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        organization_set_active(acting_user=clerk, organization=branch_a, active=True)
    assert refused.value.messages == ["Reactivate the superior organisation first."]
    assert not _reload(branch_a).is_active
    assert not _entries(branch_a, "branches.organization.reactivated")


def test_setting_the_same_state_changes_nothing(clerk, branch_a):
    organization_set_active(acting_user=clerk, organization=branch_a, active=True)
    assert not LogEntry.objects.get_for_object(branch_a).filter(action=LogEntry.Action.UPDATE).exists()
