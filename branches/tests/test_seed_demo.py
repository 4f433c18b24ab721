"""The demo data is what a newcomer sees first: it must match the seed articles."""

from django.core.management import call_command

from branches.models import AttachedMember, CommitteeSeat, Member, Organization, Role


def test_demo_builds_the_seed_articles_organisations_once(db, capsys):
    call_command("seed_demo")
    call_command("seed_demo")  # a second run changes nothing

    ky_trinh = Organization.objects.get(name="Đảng bộ phường Kỳ Trinh")
    branches = Organization.objects.get_children(ky_trinh)
    assert branches.count() == 11
    assert {"Chi bộ TDP Hoàng Trinh", "Chi bộ Trạm Y tế", "Chi bộ Công an", "Chi bộ Quyền Thượng",
            "Chi bộ TDP Quyền Hành", "Chi bộ TDP Hòa Lộc"} <= set(branches.values_list("name", flat=True))
    cong_thuong = Organization.objects.get(name="Đảng bộ Sở Công Thương")
    assert "Chi bộ Nghiệp vụ" in Organization.objects.get_children(cong_thuong).values_list("name", flat=True)
    assert Organization.objects.filter(name="Chi bộ Trung tâm kinh doanh").exists()
    assert Organization.objects.filter(name="Chi bộ III").exists()
    assert Organization.objects.count() == 26
    assert Organization.objects.find_problems() == ([], [], [], [], [])

    out = capsys.readouterr().out
    assert "Demo data already loaded." in out
    assert "chibo" in out and "lanhdao" in out


def test_every_demo_branch_has_its_previous_term_committee(db):
    call_command("seed_demo")
    for branch in Organization.objects.filter(kind="branch"):
        seats = CommitteeSeat.objects.filter(organization=branch)
        assert seats.filter(position="secretary").count() == 1, branch.name
        assert seats.count() in (2, 3), branch.name
        assert all(s.member.organization_id == branch.pk for s in seats)
    assert CommitteeSeat.objects.filter(organization__name="Chi bộ TDP Hoàng Trinh", term__start_year=2019).exists()


def test_the_demo_has_members_in_both_facts_and_one_attached_from_elsewhere(db):
    # docs/domain.md §1.4: official or probationary, and a situation; Hoàng Trinh has one member
    # temporarily active elsewhere (whose presence makes its base 30) and one attached to it.
    call_command("seed_demo")
    hoang_trinh = Member.objects.filter(organization__name="Chi bộ TDP Hoàng Trinh")
    assert hoang_trinh.count() == 34
    assert hoang_trinh.filter(membership="official").count() == 30
    assert hoang_trinh.filter(situation="transferred_temporarily").count() == 1
    [attached] = AttachedMember.objects.all()
    assert (attached.organization.name, attached.full_name) == ("Chi bộ TDP Hoàng Trinh", "Trần Văn Khải")


def test_demo_has_a_user_per_role_among_them_a_branch_clerk_and_a_superior_leader(db):
    call_command("seed_demo")
    kinds = {(r.user.username, r.kind, r.organization.kind) for r in Role.objects.select_related("user", "organization")}
    assert ("chibo", "clerk", "branch") in kinds
    assert ("lanhdao", "leader", "grassroots_committee") in kinds
    assert {"clerk", "leader", "viewer"} <= {k for _, k, _ in kinds}
    assert Member.objects.count() > 300
