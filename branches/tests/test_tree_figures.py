from branches.selectors import children_with_figures, subtree_figures, tree_figures
from branches.models import Organization
from branches.tests.factories import MemberFactory, OrganizationFactory


def test_tree_figures_match_the_per_subtree_figures(db):
    top = OrganizationFactory(kind="superior")
    district = OrganizationFactory(parent=top, kind="superior")
    committee = OrganizationFactory(parent=district, kind="grassroots_committee")
    partial = OrganizationFactory(parent=committee, kind="partial_committee")
    branches = [OrganizationFactory(parent=parent, kind="branch") for parent in (committee, partial, partial)]
    lone = OrganizationFactory(parent=top, kind="grassroots_branch")
    closed = OrganizationFactory(parent=top, kind="grassroots_committee")
    OrganizationFactory(parent=closed, kind="branch")
    for i, org in enumerate([*branches, lone, closed, top]):
        MemberFactory.create_batch(i + 1, organization=org, status="probationary" if i % 2 else "official")
    Organization.objects.filter(pk=closed.pk).update(is_active=False)
    top.refresh_from_db()

    for include_inactive in (False, True):
        own, children = tree_figures(top, include_inactive=include_inactive)
        assert own == subtree_figures([top])[top.pk]
        assert children == children_with_figures(top, include_inactive=include_inactive)
    assert [c for c, _ in tree_figures(top)[1]] == [district, lone]
    assert tree_figures(top)[0].member_total == 1 + 2 + 3 + 4 + 5 + 6
