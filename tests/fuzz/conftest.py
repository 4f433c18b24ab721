import pytest

from .states import World


@pytest.fixture
def media(settings, tmp_path):
    """Uploads, pending imports and rendered files stay in the test's own folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def world(superior, branch_a, branch_b, member_a, member_b, branch_clerk, superior_clerk, superior_leader,
          superior_viewer, no_rendering) -> World:
    """The permission matrix's cast and targets (tests/test_permissions.py), from which each
    state in states.py moves its own object on."""
    from branches.tests.permissions import targets as branches_targets
    from congress.tests.needs import CONGRESS, PLAN
    from congress.tests.permissions import targets as congress_targets
    from documents.tests.permissions import targets as documents_targets
    from elections.tests.permissions import targets as elections_targets
    from reporting.tests.permissions import targets as reporting_targets

    everyone = {"superior": superior, "branch_a": branch_a, "branch_b": branch_b, "member_a": member_a,
                "member_b": member_b, "branch_clerk": branch_clerk, "superior_clerk": superior_clerk,
                "superior_leader": superior_leader}
    found = {**branches_targets(**everyone), **documents_targets(**everyone), **congress_targets(**everyone)}
    congress, plan = found[CONGRESS], found[PLAN]
    found |= elections_targets(congress=congress, **everyone)
    found |= reporting_targets(congress=congress, plan=plan, **everyone)
    return World(targets=found, **everyone)
