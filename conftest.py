"""The shared cast (docs/architecture.md): a superior committee with two branches; a clerk, a leader and a
viewer on the superior; a clerk on branch A; an outsider who holds a role on branch B only."""

import os

import pytest
from django.conf import settings
from django.utils import translation

from branches.models import RoleKind
from branches.tests.factories import MemberFactory, OrganizationFactory, RoleFactory, UserFactory


@pytest.fixture
def english():
    """Messages in English, so that tests match them whatever the Vietnamese catalogue says."""
    with translation.override("en"):
        yield


@pytest.fixture
def no_rendering(monkeypatch):
    """Issuing or asking for a PDF enqueues a render after commit; here nothing renders. The
    list collects the job ids that would have been rendered."""
    calls = []
    monkeypatch.setattr("documents.services.renders._enqueue", calls.append)
    return calls


@pytest.fixture
def en(client):
    """The test client with the English interface (chosen with the language switch), so that
    messages can be matched whatever the Vietnamese catalogue says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def clerk_client(en, superior_clerk):
    en.force_login(superior_clerk)
    return en


@pytest.fixture
def superior(db):
    return OrganizationFactory(name="Đảng bộ phường Kỳ Trinh", kind="grassroots_committee", short_name="ĐU")


@pytest.fixture
def branch_a(superior):
    return OrganizationFactory(parent=superior, name="Chi bộ TDP Hoàng Trinh", kind="branch")


@pytest.fixture
def branch_b(superior):
    return OrganizationFactory(parent=superior, name="Chi bộ Trạm Y tế", kind="branch")


def _user_with_role(username, organization, kind):
    user = UserFactory(username=username)
    RoleFactory(user=user, organization=organization, kind=kind)
    return user


@pytest.fixture
def superior_clerk(superior):
    return _user_with_role("superior_clerk", superior, RoleKind.CLERK)


@pytest.fixture
def superior_leader(superior):
    return _user_with_role("superior_leader", superior, RoleKind.LEADER)


@pytest.fixture
def superior_viewer(superior):
    return _user_with_role("superior_viewer", superior, RoleKind.VIEWER)


@pytest.fixture
def branch_clerk(branch_a):
    return _user_with_role("branch_clerk", branch_a, RoleKind.CLERK)


@pytest.fixture
def outsider(branch_b):
    """A clerk of branch B: an outsider to branch A and to the superior."""
    return _user_with_role("outsider", branch_b, RoleKind.CLERK)


@pytest.fixture
def member_a(branch_a):
    return MemberFactory(organization=branch_a, full_name="Nguyễn Văn An")


@pytest.fixture
def member_b(branch_b):
    return MemberFactory(organization=branch_b, full_name="Trần Thị Bình", gender="female")


# --- Suite-wide hooks (markers and the live server) ---------------------------------------------


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started only once the test database exists.

    On SQLite the test database lives in memory; the server thread shares the test's connection
    only if it starts after the database is set up, otherwise every request thread opens a
    connection of its own that is never closed (a ResourceWarning, an error under -W error).
    """
    return live_server


@pytest.fixture
def real_worker():
    """Tasks go to the worker behind REDIS_URL for this test (the suite runs them in-process): the
    `worker` tests (documents/tests/test_render_worker.py, branches/tests/test_member_import_worker.py)."""
    from django.db import connection

    from config.celery import app  # imported when used: the Celery app is not the cast's business

    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL and a running Celery worker")
    in_ci = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}

    def unavailable(reason):
        if in_ci:
            pytest.fail(f"CI runs the worker tests: {reason}", pytrace=False)
        pytest.skip(reason)

    if connection.vendor != "postgresql":
        unavailable("a separate worker needs PostgreSQL (DATABASE_URL and TEST_DATABASE_NAME)")
    if not app.control.ping(timeout=1.0):
        unavailable(f"no Celery worker answers on {settings.REDIS_URL} (celery -A config worker)")
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = eager


def pytest_collection_modifyitems(config, items):
    """`postgres` tests skip on SQLite; `faults` tests (tests/faults) skip unless FAULTS=1: they
    start and kill workers, and .ci/faults runs them apart."""
    import os

    from django.conf import settings

    if os.environ.get("FAULTS", "").strip().lower() not in {"1", "true", "yes"}:
        skip_faults = pytest.mark.skip(reason="fault test: set FAULTS=1 to run it (.ci/faults)")
        for item in items:
            if item.get_closest_marker("faults"):
                item.add_marker(skip_faults)
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://...)")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


# --- A congress round: the superior's plan, issued, with branch A as its pilot ----------------


@pytest.fixture
def open_plan(superior, branch_a, branch_b, superior_clerk, superior_leader, no_rendering):
    from congress.tests.builders import issued_plan

    return issued_plan(organization=superior, clerk=superior_clerk, leader=superior_leader, pilots=[branch_a])


@pytest.fixture
def congress_a(open_plan, branch_a):
    return open_plan.congresses.get(organization=branch_a)


@pytest.fixture
def congress_b(open_plan, branch_b):
    return open_plan.congresses.get(organization=branch_b)
