from collections import Counter
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from branches.models import CommitteeSeat, Member, Organization, OrganizationKind, Position, Role, User
from branches.rules import nesting_problem


def _generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_scale", *args, stdout=out)
    return out.getvalue()


def test_small_province_is_a_consistent_tree(db):
    output = _generate("--organizations", "40", "--members", "300", "--seed", "7", "--prefix", "Tỉnh Thử")

    assert Organization.objects.find_problems() == ([], [], [], [], [])
    assert Organization.objects.count() == 40
    assert Member.objects.count() == 300
    top = Organization.objects.get(depth=1)
    assert top.name == "Đảng bộ tỉnh Thử"
    assert "Timings:" in output

    kinds = Counter(Organization.objects.values_list("kind", flat=True))
    assert kinds[OrganizationKind.SUPERIOR] >= 3
    assert kinds[OrganizationKind.GRASSROOTS_COMMITTEE] >= 1
    assert kinds[OrganizationKind.BRANCH] > kinds[OrganizationKind.GRASSROOTS_COMMITTEE]
    parents = {o.path: o.kind for o in Organization.objects.all()}
    for org in Organization.objects.exclude(depth=1):
        assert nesting_problem(parents[org.path[:-4]], org.kind) is None, org.name

    # Members sit in branches only, with the derived keys that bulk_create would skip.
    assert set(Member.objects.values_list("organization__kind", flat=True)) <= {
        OrganizationKind.BRANCH, OrganizationKind.GRASSROOTS_BRANCH
    }
    assert not Member.objects.filter(sort_key="").exists()
    assert Member.objects.filter(search_name__contains="nguyen").exists()

    # One secretary per committee, seated from its own subtree.
    secretaries = CommitteeSeat.objects.filter(position=Position.SECRETARY)
    assert secretaries.filter(organization=top).count() == 1
    for seat in CommitteeSeat.objects.select_related("organization", "member__organization"):
        assert seat.member.organization.is_in_subtree_of(seat.organization)

    bench = User.objects.get(username="bench")
    assert Role.objects.filter(user=bench, organization=top, kind="clerk").exists()
    assert not LogEntry.objects.exists()  # bulk data is not an edit by a person


def test_second_province_goes_beside_the_first(db):
    _generate("--organizations", "20", "--members", "40", "--prefix", "Tỉnh Một")
    _generate("--organizations", "20", "--members", "40", "--prefix", "Tỉnh Hai", "--password", "pw-2026-bench")

    assert Organization.objects.find_problems() == ([], [], [], [], [])
    tops = list(Organization.objects.filter(depth=1).order_by("path").values_list("path", "name"))
    assert tops == [("0001", "Đảng bộ tỉnh Một"), ("0002", "Đảng bộ tỉnh Hai")]
    assert User.objects.get(username="bench").check_password("pw-2026-bench")
    assert Role.objects.filter(user__username="bench").count() == 2


def test_same_province_twice_is_refused(db):
    _generate("--organizations", "20", "--members", "40")
    with pytest.raises(CommandError):
        _generate("--organizations", "20", "--members", "40")
