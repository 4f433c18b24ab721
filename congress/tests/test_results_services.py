"""The results services: who was elected (docs/domain.md §3), the results dossier, complaints."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from branches.models import Position
from branches.tests.factories import MemberFactory
from congress.models import CongressState, DossierFile, DossierKind, ElectedSeat
from congress.rules import Actor
from congress.selectors import conditions, dossier_status
from congress.services import results as services
from congress.tests.builders import put_in_state

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

CLERK = {Actor.CLERK}
SUPERIOR_CLERK = {Actor.SUPERIOR_CLERK}
PDF = b"%PDF-1.4\n% a scanned page\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def held(congress_a):
    return put_in_state(congress_a, CongressState.HELD, held_on=datetime.date(2022, 6, 17))


def elect(congress, member, position, clerk, votes=None):
    return services.elected_seat_save(
        acting_user=clerk, congress=congress, actors=CLERK, member=member, position=position, votes=votes,
    )


# --- Pure rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "official", "expected"), [
    ("branch", 8, False), ("branch", 9, True), ("grassroots_branch", 3, False),
    ("grassroots_committee", 3, True), ("partial_committee", 20, True),
])
def test_who_elects_a_committee(kind, official, expected):
    assert services.elects_committee(kind, official) is expected


def test_a_small_branch_is_warned_about_committee_members():
    warnings = services.seat_warnings("branch", 8, [Position.SECRETARY, Position.MEMBER])
    assert len(warnings) == 1 and "8 official members" in warnings[0] and "no committee members" in warnings[0]
    assert services.seat_warnings("branch", 9, [Position.SECRETARY, Position.MEMBER]) == []


def test_a_branch_committee_of_more_than_seven_is_warned():
    positions = [Position.SECRETARY, Position.DEPUTY_SECRETARY] + [Position.MEMBER] * 6
    assert services.seat_warnings("branch", 30, positions) == [
        "A branch committee has at most 7 members; 8 are recorded."
    ]
    assert services.seat_warnings("grassroots_committee", 300, positions) == []


def test_elected_without_a_secretary_are_warned():
    assert "No secretary" in services.seat_warnings("branch", 5, [Position.DEPUTY_SECRETARY])[0]


@pytest.mark.parametrize(("name", "size", "head", "message"), [
    ("setup.exe", 10, b"MZ", "Only PDF, JPEG, PNG"),
    ("bien-ban.pdf", 0, b"", "The file is empty."),
    ("bien-ban.pdf", 20 * 1024 * 1024 + 1, b"%PDF-", "too large (20.0 MB)"),
    ("bien-ban.pdf", 100, b"MZ\x90\x00", "does not match its type (.pdf)"),
])
def test_dossier_files_are_refused(name, size, head, message):
    assert message in services.upload_problem(name, size, head)


@pytest.mark.parametrize(("name", "head"), [
    ("Biên bản.PDF", b"%PDF-1.7"), ("cv.jpeg", b"\xff\xd8\xff\xe0"), ("scan.png", b"\x89PNG\r\n\x1a\n\x00"),
    ("so-yeu-ly-lich.docx", b"PK\x03\x04\x14"), ("danh-sach.xlsx", b"PK\x03\x04\x14"),
])
def test_dossier_files_of_the_accepted_types_pass(name, head):
    assert services.upload_problem(name, 20 * 1024 * 1024, head) is None


def test_stored_names_are_safe():
    assert services.safe_filename("Biên bản bầu cử (bản ký).PDF") == "bien-ban-bau-cu-ban-ky.pdf"
    assert services.safe_filename("../../etc/passwd.pdf") == "passwd.pdf"
    assert services.safe_filename("C:\\scans\\Đơn.png") == "don.png"
    assert services.safe_filename("《》.PDF") == "tep.pdf"


# --- The elected -----------------------------------------------------------------------------------


def test_the_elected_are_recorded_and_audited(held, member_a, branch_clerk):
    seat = elect(held, member_a, Position.SECRETARY, branch_clerk, votes=7)
    assert (seat.position, seat.votes) == (Position.SECRETARY, 7)
    entry = LogEntry.objects.get_for_object(seat).get()
    assert entry.actor == branch_clerk
    assert entry.additional_data["action"] == "congress.elected.saved"
    assert entry.additional_data["congress"] == held.pk


def test_the_elected_wait_for_the_congress_and_stop_at_ratification(congress_a, member_a, branch_clerk):
    with pytest.raises(ValidationError, match="once the congress is held"):
        elect(congress_a, member_a, Position.SECRETARY, branch_clerk)
    put_in_state(congress_a, CongressState.RATIFIED)
    with pytest.raises(ValidationError, match="can no longer change"):
        elect(congress_a, member_a, Position.SECRETARY, branch_clerk)
    assert not ElectedSeat.objects.exists()


def test_only_the_clerk_records_the_elected(held, member_a, superior_leader):
    with pytest.raises(ValidationError, match="Only a clerk"):
        services.elected_seat_save(
            acting_user=superior_leader, congress=held, actors={Actor.SUPERIOR_LEADER}, member=member_a,
            position=Position.SECRETARY,
        )


def test_one_secretary(held, member_a, branch_a, branch_clerk):
    elect(held, member_a, Position.SECRETARY, branch_clerk)
    other = MemberFactory(organization=branch_a, full_name="Lê Thị Hoa")
    with pytest.raises(ValidationError, match="already elected a secretary: Nguyễn Văn An"):
        elect(held, other, Position.SECRETARY, branch_clerk)


def test_a_person_is_elected_once(held, member_a, branch_clerk):
    elect(held, member_a, Position.SECRETARY, branch_clerk)
    with pytest.raises(ValidationError, match="already among the elected"):
        elect(held, member_a, Position.DEPUTY_SECRETARY, branch_clerk)
    assert ElectedSeat.objects.get().position == Position.SECRETARY


def test_the_same_position_again_corrects_the_votes(held, member_a, branch_clerk):
    elect(held, member_a, Position.SECRETARY, branch_clerk, votes=5)
    elect(held, member_a, Position.SECRETARY, branch_clerk, votes=6)
    assert list(ElectedSeat.objects.values_list("votes", flat=True)) == [6]


def test_members_of_other_organisations_and_probationers_are_refused(held, member_b, branch_a, branch_clerk):
    with pytest.raises(ValidationError, match="is not a member of Chi bộ TDP Hoàng Trinh"):
        elect(held, member_b, Position.SECRETARY, branch_clerk)
    probationer = MemberFactory(organization=branch_a, status="probationary", official_on=None)
    with pytest.raises(ValidationError, match="may not stand"):
        elect(held, probationer, Position.SECRETARY, branch_clerk)


def test_a_small_branch_elects_its_deputy_directly_and_only_one(held, member_a, branch_a, branch_clerk):
    deputy = MemberFactory(organization=branch_a)
    elect(held, member_a, Position.SECRETARY, branch_clerk)
    elect(held, deputy, Position.DEPUTY_SECRETARY, branch_clerk)
    with pytest.raises(ValidationError, match="A branch elects one deputy secretary"):
        elect(held, MemberFactory(organization=branch_a), Position.DEPUTY_SECRETARY, branch_clerk)


def test_where_a_committee_is_elected_the_deputy_comes_from_it(held, member_a, branch_a, branch_clerk):
    others = MemberFactory.create_batch(8, organization=branch_a)  # 9 official members: a committee
    with pytest.raises(ValidationError, match="elected from among the committee"):
        elect(held, others[0], Position.DEPUTY_SECRETARY, branch_clerk)
    elect(held, others[0], Position.MEMBER, branch_clerk, votes=8)
    seat = elect(held, others[0], Position.DEPUTY_SECRETARY, branch_clerk)
    assert seat.position == Position.DEPUTY_SECRETARY and seat.votes == 8
    assert ElectedSeat.objects.count() == 1
    assert services.seat_warnings(branch_a.kind, services.official_member_count(held), [seat.position]) == [
        "No secretary is recorded among the elected: the results are ratified once a secretary is elected or "
        "appointed by the superior, or the congress decided to leave the seat vacant."
    ]


def test_the_count_of_official_members_follows_the_summons_list(held, member_a, branch_a):
    from congress.models import Attendance

    MemberFactory.create_batch(9, organization=branch_a)
    assert services.official_member_count(held) == 10
    Attendance.objects.create(congress=held, member=member_a, membership="official", present=True)
    Attendance.objects.create(
        congress=held, member=MemberFactory(organization=branch_a, status="probationary", official_on=None),
        membership="probationary", present=True,
    )
    # An official member in any situation is an official member (docs/domain.md §1.4).
    Attendance.objects.create(
        congress=held, member=MemberFactory(organization=branch_a, situation="suspended"), membership="official",
        situation="suspended", present=False,
    )
    assert services.official_member_count(held) == 2


def test_removing_an_elected_person_is_audited(held, member_a, branch_clerk):
    seat = elect(held, member_a, Position.SECRETARY, branch_clerk)
    services.elected_seat_remove(acting_user=branch_clerk, seat=seat, actors=CLERK)
    assert not ElectedSeat.objects.exists()
    entry = LogEntry.objects.filter(action=LogEntry.Action.DELETE).get()
    assert entry.additional_data["action"] == "congress.elected.removed"


# --- The dossier -----------------------------------------------------------------------------------


def test_a_file_joins_the_dossier_under_a_safe_name(held, branch_clerk, media):
    upload = SimpleUploadedFile("Biên bản kiểm phiếu.pdf", PDF, content_type="application/pdf")
    row = services.dossier_file_add(
        acting_user=branch_clerk, congress=held, actors=CLERK, kind=DossierKind.ELECTION_MINUTES, upload=upload,
    )
    assert row.file.name == f"dossiers/{held.pk}/bien-ban-kiem-phieu.pdf"
    assert (media / row.file.name).read_bytes() == PDF
    assert dossier_status(held)[DossierKind.ELECTION_MINUTES] is True
    entry = LogEntry.objects.get_for_object(row).get()
    assert entry.additional_data["action"] == "congress.dossier.uploaded"


def test_a_refused_file_leaves_nothing_behind(held, branch_clerk, media):
    upload = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError, match="does not match its type"):
        services.dossier_file_add(
            acting_user=branch_clerk, congress=held, actors=CLERK, kind=DossierKind.CVS, upload=upload,
        )
    put_in_state(held, CongressState.RATIFIED)
    with pytest.raises(ValidationError, match="can no longer change"):
        services.dossier_file_add(
            acting_user=branch_clerk, congress=held, actors=CLERK, kind=DossierKind.CVS,
            upload=SimpleUploadedFile("cv.pdf", PDF),
        )
    assert not DossierFile.objects.exists()
    assert not (media / "dossiers").exists() or not any((media / "dossiers").rglob("*.pdf"))


def test_the_resolution_and_minutes_are_not_uploaded(held, branch_clerk, media):
    with pytest.raises(ValidationError, match="issued documents"):
        services.dossier_file_add(
            acting_user=branch_clerk, congress=held, actors=CLERK, kind=DossierKind.RESOLUTION,
            upload=SimpleUploadedFile("nq.pdf", PDF),
        )


def test_a_removed_file_leaves_storage_after_commit(held, branch_clerk, media, django_capture_on_commit_callbacks):
    row = services.dossier_file_add(
        acting_user=branch_clerk, congress=held, actors=CLERK, kind=DossierKind.CVS,
        upload=SimpleUploadedFile("cv.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),
    )
    name = row.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_file_remove(acting_user=branch_clerk, dossier_file=row, actors=CLERK)
    assert not DossierFile.objects.exists()
    assert not default_storage.exists(name)
    assert LogEntry.objects.filter(additional_data__action="congress.dossier.removed").exists()


# --- Complaints ------------------------------------------------------------------------------------


def test_an_open_complaint_holds_ratification_until_settled(held, superior_clerk):
    complaint = services.complaint_record(
        acting_user=superior_clerk, congress=held, actors=SUPERIOR_CLERK, received_on=datetime.date(2022, 6, 20),
        summary="  Phản ánh về việc kiểm phiếu.  ",
    )
    assert complaint.summary == "Phản ánh về việc kiểm phiếu."
    assert conditions(held)["complaints_settled"] is False
    services.complaint_settle(
        acting_user=superior_clerk, complaint=complaint, actors=SUPERIOR_CLERK, settled_on=datetime.date(2022, 6, 22),
        settlement="Đã xác minh, kết quả kiểm phiếu đúng.",
    )
    assert conditions(held)["complaints_settled"] is True
    actions = list(LogEntry.objects.get_for_object(complaint).order_by("pk").values_list("additional_data__action", flat=True))
    assert actions == ["congress.complaint.recorded", "congress.complaint.settled"]


def test_complaints_are_the_superior_clerks(held, branch_clerk):
    with pytest.raises(ValidationError, match="Only a clerk of the superior"):
        services.complaint_record(
            acting_user=branch_clerk, congress=held, actors=CLERK, received_on=datetime.date(2022, 6, 20), summary="x",
        )


def test_complaints_wait_for_the_congress(congress_a, superior_clerk):
    with pytest.raises(ValidationError, match="once the congress is held"):
        services.complaint_record(
            acting_user=superior_clerk, congress=congress_a, actors=SUPERIOR_CLERK,
            received_on=datetime.date(2022, 6, 20), summary="x",
        )


def test_a_settlement_says_how_and_not_before_receipt(held, superior_clerk):
    complaint = services.complaint_record(
        acting_user=superior_clerk, congress=held, actors=SUPERIOR_CLERK, received_on=datetime.date(2022, 6, 20),
        summary="Đơn phản ánh.",
    )
    with pytest.raises(ValidationError, match="before it was received"):
        services.complaint_settle(acting_user=superior_clerk, complaint=complaint, actors=SUPERIOR_CLERK,
                                  settled_on=datetime.date(2022, 6, 19), settlement="Đã giải quyết.")
    with pytest.raises(ValidationError, match="Say how"):
        services.complaint_settle(acting_user=superior_clerk, complaint=complaint, actors=SUPERIOR_CLERK,
                                  settled_on=datetime.date(2022, 6, 21), settlement="  ")
    services.complaint_settle(acting_user=superior_clerk, complaint=complaint, actors=SUPERIOR_CLERK,
                              settled_on=datetime.date(2022, 6, 21), settlement="Đã giải quyết.")
    with pytest.raises(ValidationError, match="already settled"):
        services.complaint_settle(acting_user=superior_clerk, complaint=complaint, actors=SUPERIOR_CLERK,
                                  settled_on=datetime.date(2022, 6, 21), settlement="Lần nữa.")
