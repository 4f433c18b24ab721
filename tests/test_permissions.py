"""Every URL of the project, visited by every member of the cast (docs/architecture.md, "Access is checked
once"): logged out → the login page; outsider → 404; viewer and leader → read, but 403 on
writes; clerk → read and write. A URL this table does not know fails
`test_the_matrix_knows_every_url`, so that each new view gets a decision here."""

import pytest
from auditlog.models import LogEntry
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from branches.models import CommitteeSeat, Member, Organization

from branches.tests.permissions import EDIT, POST_ONLY, RESTRUCTURE, SIGNED_IN, VIEW
from branches.tests.permissions import MATRIX as BRANCHES
from branches.tests.permissions import targets as branches_targets
from documents.tests.permissions import LEAD
from documents.tests.permissions import MATRIX as DOCUMENTS
from documents.tests.permissions import targets as documents_targets
from congress.tests.needs import SUPERIOR_CLERK, SUPERIOR_EDIT, SUPERIOR_STAFF, SUPERIOR_VIEW
from congress.tests.permissions import MATRIX as CONGRESS
from congress.tests.permissions import targets as congress_targets
from elections.tests.permissions import MATRIX as ELECTIONS
from elections.tests.permissions import targets as elections_targets
from reporting.tests.permissions import MATRIX as REPORTING
from reporting.tests.permissions import targets as reporting_targets

# url name: (what pk names, what GET needs, what POST needs or None for a view without POST)
MATRIX = {**BRANCHES, **DOCUMENTS, **CONGRESS, **ELECTIONS, **REPORTING}

# Not part of the matrix, on purpose; each is covered elsewhere.
SKIPPED = {
    "login": "public; test_auth.py",
    "logout": "POST only, for anyone; test_auth.py",
    "password_change": "the user's own password; test_auth.py",
    "password_change_done": "the user's own password; test_auth.py",
    "set_language": "public (chooses the interface language)",
    "password_reset": "public (a forgotten password); branches/tests/test_password_reset.py",
    "password_reset_done": "public (a forgotten password); branches/tests/test_password_reset.py",
    "password_reset_confirm": "public, guarded by the token mailed; branches/tests/test_password_reset.py",
    "password_reset_complete": "public (a forgotten password); branches/tests/test_password_reset.py",
}
SKIPPED_NAMESPACES = {"admin"}  # the admin is for administrators and guarded by is_staff

ROLES = ["anonymous", "outsider", "superior_viewer", "superior_leader", "superior_clerk", "branch_clerk"]


def _walk(patterns, prefix="", kwargs=()):
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace in SKIPPED_NAMESPACES:
                continue
            yield from _walk(p.url_patterns, prefix + str(p.pattern), (*kwargs, *p.pattern.regex.groupindex))
        elif isinstance(p, URLPattern):
            yield p.name, prefix + str(p.pattern), (*kwargs, *p.pattern.regex.groupindex)


URLS = [(name, route, kwargs) for name, route, kwargs in _walk(get_resolver().url_patterns) if name not in SKIPPED]


def _expectation(name):
    return MATRIX.get(name)


def _unknown(patterns) -> list[str]:
    return [route for name, route, _ in _walk(patterns) if name not in SKIPPED and _expectation(name) is None]


def test_the_matrix_knows_every_url():
    unknown = _unknown(get_resolver().url_patterns)
    assert not unknown, f"Decide who may use these URLs and add them to MATRIX: {unknown}"


def test_a_new_url_is_caught():
    from django.urls import include, path

    def view(request):
        raise AssertionError

    patterns = [
        path("admin/", include(([path("x/", view, name="x")], "admin"))),
        path("", include([path("org/<int:pk>/ballots/", view, name="ballot_list")])),
        path("org/<int:pk>/", view, name="organization_detail"),
    ]
    assert _unknown(patterns) == ["org/<int:pk>/ballots/"]


def test_every_url_has_kwargs_the_matrix_can_fill():
    for name, route, kwargs in URLS:
        target = _expectation(name)[0] if _expectation(name) else None
        expected = () if target is None else ("pk",)
        assert tuple(kwargs) == expected, f"{route}: fill {kwargs} for {name} in test_permissions.py"


def test_the_matrix_names_no_url_that_is_gone():
    names = {name for name, _, _ in URLS}
    assert set(MATRIX) <= names
    assert set(SKIPPED) <= {name for name, _, _ in _walk(get_resolver().url_patterns)}


def test_admin_is_closed_to_clerks(client, superior_clerk):
    client.force_login(superior_clerk)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response.url


@pytest.fixture
def cast(request, superior, branch_a, branch_b, member_a, member_b, branch_clerk, superior_clerk, superior_leader,
         no_rendering):
    everyone = {"superior": superior, "branch_a": branch_a, "branch_b": branch_b, "member_a": member_a,
                "member_b": member_b, "branch_clerk": branch_clerk, "superior_clerk": superior_clerk,
                "superior_leader": superior_leader}
    found = {
        None: None, **branches_targets(**everyone), **documents_targets(**everyone), **congress_targets(**everyone),
    }
    from congress.tests.needs import CONGRESS as CONGRESS_TARGET
    from congress.tests.needs import PLAN as PLAN_TARGET

    congress, plan = found[CONGRESS_TARGET], found[PLAN_TARGET]
    return {
        **found, **elections_targets(congress=congress, **everyone),
        **reporting_targets(congress=congress, plan=plan, **everyone),
    }


def _url(name, target):
    return reverse(name, kwargs={"pk": target.pk} if target is not None else {})


def _snapshot():
    return (
        LogEntry.objects.count(),
        list(Organization.objects.order_by("pk").values_list("pk", "path", "name", "kind", "is_active")),
        list(Member.objects.order_by("pk").values_list("pk", "organization_id", "full_name")),
        list(CommitteeSeat.objects.order_by("pk").values_list("pk", "member_id", "position")),
    )


def _allowed(role: str, need: str) -> bool:
    return {
        VIEW: role != "outsider",
        EDIT: role in {"superior_clerk", "branch_clerk"},
        RESTRUCTURE: role == "superior_clerk",  # a clerk on branch A's parent
        LEAD: role == "superior_leader",  # a leader of branch A's superior
        SUPERIOR_VIEW: role in {"superior_viewer", "superior_leader", "superior_clerk"},
        SUPERIOR_EDIT: role == "superior_clerk",
        SUPERIOR_CLERK: role == "superior_clerk",
        SUPERIOR_STAFF: role in {"superior_clerk", "superior_leader"},
    }[need]


def _hidden(role: str, need: str) -> bool:
    """Whether the object lies outside every subtree of `role` (404): the outsider's always, and
    the superior's own for branch A's clerk."""
    return role == "outsider" or (role == "branch_clerk" and need in {SUPERIOR_VIEW, SUPERIOR_EDIT})


def _check(client, role, method, url, need):
    before = _snapshot()
    response = getattr(client, method)(url)
    if role == "anonymous":
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login") + "?next="), url
    elif need == POST_ONLY:
        assert response.status_code == 405, url
    elif need == SIGNED_IN:
        assert response.status_code in {200, 302}, url
        if response.status_code == 302:  # straight to the user's only organisation
            assert resolve(response.url).url_name == "organization_detail"
            assert client.get(response.url).status_code == 200
    elif _hidden(role, need):
        assert response.status_code == 404, url
    elif not _allowed(role, need):
        assert response.status_code == 403, url
    elif method == "get":
        assert response.status_code == 200, url
    else:
        assert response.status_code in {200, 302}, url
        if response.status_code == 302:
            assert not response.url.startswith(reverse("login")), url
        return response
    if not (method == "post" and role != "anonymous" and _allowed(role, need) and need not in {POST_ONLY, SIGNED_IN}):
        assert _snapshot() == before, f"{method.upper()} {url} as {role} changed something"
    return response


def _login(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", [name for name, _, _ in URLS])
def test_get(client, request, cast, role, name):
    expectation = _expectation(name)
    assert expectation is not None, f"{name} is not in MATRIX"
    target, get_need, _ = expectation
    _login(client, request, role)
    _check(client, role, "get", _url(name, cast[target]), get_need)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", [name for name, _, _ in URLS if (_expectation(name) or (0, 0, None))[2]])
def test_post(client, request, cast, role, name):
    target, _, post_need = _expectation(name)
    _login(client, request, role)
    _check(client, role, "post", _url(name, cast[target]), post_need)


def test_outsider_sees_only_their_own_organisation_from_home(client, outsider, branch_b, cast):
    client.force_login(outsider)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("organization_detail", kwargs={"pk": branch_b.pk})


def test_branch_clerk_may_not_restructure_their_own_branch(client, branch_clerk, branch_a, cast):
    client.force_login(branch_clerk)
    assert client.get(reverse("organization_move", kwargs={"pk": branch_a.pk})).status_code == 403
    response = client.post(reverse("organization_set_active", kwargs={"pk": branch_a.pk}), {"active": "0"})
    assert response.status_code == 403
    assert Organization.objects.get(pk=branch_a.pk).is_active


def test_superior_clerk_may_restructure_branch_a(client, superior_clerk, superior, branch_a, member_a):
    empty = Organization.objects.get(pk=branch_a.pk)
    Member.objects.filter(organization=empty).delete()
    client.force_login(superior_clerk)
    assert client.get(reverse("organization_move", kwargs={"pk": branch_a.pk})).status_code == 200
    response = client.post(reverse("organization_set_active", kwargs={"pk": branch_a.pk}), {"active": "0"})
    assert response.status_code == 302
    assert not Organization.objects.get(pk=branch_a.pk).is_active


def test_nobody_restructures_the_top_of_the_tree_here(client, superior_clerk, superior):
    client.force_login(superior_clerk)
    assert client.get(reverse("organization_move", kwargs={"pk": superior.pk})).status_code == 403
    response = client.post(reverse("organization_set_active", kwargs={"pk": superior.pk}), {"active": "0"})
    assert response.status_code == 403
    assert Organization.objects.get(pk=superior.pk).is_active


def test_a_role_on_an_inactive_organisation_grants_nothing(client, branch_clerk, branch_a, member_a):
    Member.objects.filter(organization=branch_a).delete()
    Organization.objects.filter(pk=branch_a.pk).update(is_active=False)
    client.force_login(branch_clerk)
    assert client.get(reverse("organization_detail", kwargs={"pk": branch_a.pk})).status_code == 404
