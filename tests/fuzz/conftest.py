import pytest
from django.db import transaction
from django.db.models import Model

from branches.models import RoleKind
from branches.tests.factories import MemberFactory, OrganizationFactory, RoleFactory, UserFactory

from .states import World


@pytest.fixture
def media(settings, tmp_path):
    """Uploads, pending imports and rendered files stay in the test's own folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _user_with_role(username, organization, kind):
    user = UserFactory(username=username)
    RoleFactory(user=user, organization=organization, kind=kind)
    return user


def _build() -> dict:
    """The shared cast (the root conftest.py's fixtures, built the same way) and the permission
    matrix's targets (tests/test_permissions.py), from which each state in states.py moves its
    own object on."""
    from branches.tests.permissions import targets as branches_targets
    from congress.tests.needs import CONGRESS, PLAN
    from congress.tests.permissions import targets as congress_targets
    from documents.tests.permissions import targets as documents_targets
    from elections.tests.permissions import targets as elections_targets
    from reporting.tests.permissions import targets as reporting_targets

    superior = OrganizationFactory(name="Đảng bộ phường Kỳ Trinh", kind="grassroots_committee", short_name="ĐU")
    branch_a = OrganizationFactory(parent=superior, name="Chi bộ TDP Hoàng Trinh", kind="branch")
    branch_b = OrganizationFactory(parent=superior, name="Chi bộ Trạm Y tế", kind="branch")
    everyone = {
        "superior": superior, "branch_a": branch_a, "branch_b": branch_b,
        "superior_clerk": _user_with_role("superior_clerk", superior, RoleKind.CLERK),
        "superior_leader": _user_with_role("superior_leader", superior, RoleKind.LEADER),
        "superior_viewer": _user_with_role("superior_viewer", superior, RoleKind.VIEWER),
        "branch_clerk": _user_with_role("branch_clerk", branch_a, RoleKind.CLERK),
        "member_a": MemberFactory(organization=branch_a, full_name="Nguyễn Văn An"),
        "member_b": MemberFactory(organization=branch_b, full_name="Trần Thị Bình", gender="female"),
    }
    found = {**branches_targets(**everyone), **documents_targets(**everyone), **congress_targets(**everyone)}
    congress, plan = found[CONGRESS], found[PLAN]
    found |= elections_targets(congress=congress, **everyone)
    found |= reporting_targets(congress=congress, plan=plan, **everyone)
    everyone.pop("superior_viewer")
    return {**everyone, "targets": found}


@pytest.fixture(scope="module")
def built_world(django_db_setup, django_db_blocker):
    """The world, built once for the whole fuzz in a transaction rolled back at the end; each
    test runs in a savepoint of it (pytest-django's own), so what a state or a post changes
    goes away after the test. Building it for each of the ~110 URLs was most of the fuzz's time."""
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.setattr("documents.services.renders._enqueue", lambda job: None)
        outer = transaction.atomic()
        # As Django's TestCase marks its own: the services' durable transactions may run inside.
        outer._from_testcase = True
        outer.__enter__()
        try:
            yield _build()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _fresh(value):
    """The row as the database has it now: a state mutates the instances it is given, and the
    next test must not see what the last one did."""
    return type(value)._default_manager.get(pk=value.pk) if isinstance(value, Model) else value


@pytest.fixture
def world(built_world, db, no_rendering) -> World:
    fields = {name: _fresh(value) for name, value in built_world.items() if name != "targets"}
    return World(targets={name: _fresh(value) for name, value in built_world["targets"].items()}, **fields)
