"""The audit context nests: the enclosing block keeps its actor, and no signal receiver leaks."""

from auditlog.models import LogEntry
from django.db.models.signals import pre_save
from django.urls import reverse

from branches.audit import audited
from branches.models import Member
from branches.tests.factories import MemberFactory, UserFactory


def test_after_an_inner_block_the_outer_block_keeps_its_actor_and_action(db, branch_a):
    outer_user, inner_user = UserFactory(username="outer"), UserFactory(username="inner")
    receivers = len(pre_save.receivers)
    with audited(outer_user, "test.outer"):
        with audited(inner_user, "test.inner"):
            MemberFactory(organization=branch_a, full_name="Trong Khối")
        MemberFactory(organization=branch_a, full_name="Sau Khối")
    assert len(pre_save.receivers) == receivers
    rows = {e.object_repr: (e.actor, e.additional_data["action"]) for e in LogEntry.objects.filter(content_type__model="member")}
    assert rows["Trong Khối"] == (inner_user, "test.inner")
    assert rows["Sau Khối"] == (outer_user, "test.outer")


def test_a_write_request_leaves_no_receiver_behind(client, superior, branch_a, superior_clerk, member_a):
    client.force_login(superior_clerk)
    url = reverse("member_update", kwargs={"pk": member_a.pk})
    data = {"full_name": "Nguyễn Văn An", "gender": "male", "date_of_birth": "19/05/1975", "ethnicity": "Kinh",
            "joined_on": "03/03/2000", "official_on": "03/03/2001", "membership": "official", "situation": "none", "occupation": "Cán bộ"}
    client.post(url, data)  # the first request connects what every request connects
    receivers = len(pre_save.receivers)
    for n in range(3):
        data["occupation"] = f"Chuyên viên {n}"
        assert client.post(url, data).status_code == 302
    assert len(pre_save.receivers) == receivers
    assert Member.objects.get(pk=member_a.pk).occupation == "Chuyên viên 2"
    assert LogEntry.objects.filter(actor=superior_clerk, additional_data__action="branches.member.updated").count() == 4
