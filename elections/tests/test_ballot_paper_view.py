"""Printing an election's ballot paper (election_ballot_paper): any reader of the congress gets
the PDF; an empty list answers with a message, not an error."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from elections import ballot_paper
from elections.models import Candidate

from .builders_rules import election_with_list

NAMES = ["Nguyễn Thị Bình", "Trần Văn An", "Lê Thị Ánh"]


@pytest.fixture
def rendered(monkeypatch):
    """The papers the view would have rendered; the PDF is a stand-in (rendering is slow)."""
    papers = []

    def fake(paper):
        papers.append(paper)
        return b"%PDF-1.7 stand-in"

    monkeypatch.setattr(ballot_paper, "render_paper", fake)
    return papers


def url(election):
    return reverse("election_ballot_paper", kwargs={"pk": election.pk})


def test_reader_downloads_the_ballot_paper_as_a_pdf(client, congress_a, branch_clerk, superior_viewer):
    election = election_with_list(congress=congress_a, created_by=branch_clerk, names=NAMES, seats=2)
    client.force_login(superior_viewer)
    response = client.get(url(election))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="phieu-bau-committee-1.pdf"'
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
        text = text.decode()
        assert "PHIẾU BẦU CỬ" in text
        assert "Bầu Chi ủy Chi bộ TDP Hoàng Trinh nhiệm kỳ 2022–2025" in text
        assert "Gạch ngang họ tên người không bầu" in text
        assert text.index("Trần Văn An") < text.index("Lê Thị Ánh") < text.index("Nguyễn Thị Bình")


def test_the_paper_lists_only_those_on_the_ballot_in_alphabetical_order(client, congress_a, branch_clerk, rendered):
    election = election_with_list(congress=congress_a, created_by=branch_clerk, names=NAMES, seats=1)
    Candidate.objects.filter(election=election, member__full_name="Lê Thị Ánh").update(withdrawn=True)
    Candidate.objects.filter(election=election, member__full_name="Nguyễn Thị Bình").update(admitted=False)
    client.force_login(branch_clerk)
    response = client.get(url(election))
    assert response.status_code == 200
    (paper,) = rendered
    assert paper.candidates == ((1, "Trần Văn An"),)
    assert paper.seats == 1 and paper.round == 1
    assert paper.congress_name == congress_a.name
    assert not paper.with_surplus


def test_once_voting_opened_the_positions_are_printed(client, congress_a, branch_clerk, rendered):
    election = election_with_list(
        congress=congress_a, created_by=branch_clerk, names=NAMES, seats=2, positions=[3, 1, 2], state="voting",
    )
    client.force_login(branch_clerk)
    client.get(url(election))
    assert rendered[0].candidates == ((1, "Trần Văn An"), (2, "Lê Thị Ánh"), (3, "Nguyễn Thị Bình"))
    assert rendered[0].with_surplus


def test_a_further_round_of_the_secretary(client, congress_a, branch_clerk, rendered):
    election = election_with_list(
        congress=congress_a, created_by=branch_clerk, names=NAMES[:2], kind="secretary", round_number=2,
    )
    client.force_login(branch_clerk)
    response = client.get(url(election))
    assert response["Content-Disposition"] == 'attachment; filename="phieu-bau-secretary-2.pdf"'
    assert rendered[0].title == "Bầu Bí thư Chi bộ TDP Hoàng Trinh nhiệm kỳ 2022–2025"
    assert rendered[0].round == 2


def test_delegates_go_to_the_superiors_congress(client, congress_a, branch_clerk, rendered):
    election = election_with_list(
        congress=congress_a, created_by=branch_clerk, names=NAMES, kind="official_delegates", seats=2,
    )
    client.force_login(branch_clerk)
    client.get(url(election))
    assert rendered[0].title == "Bầu đại biểu chính thức đi dự Đại hội Đảng bộ phường Kỳ Trinh nhiệm kỳ 2022–2025"


def test_an_empty_list_answers_with_a_message_not_a_paper(en, congress_a, branch_clerk, rendered):
    election = election_with_list(congress=congress_a, created_by=branch_clerk, names=[], seats=2)
    en.force_login(branch_clerk)
    response = en.get(url(election), follow=False)
    assert response.status_code == 302
    assert response.url == reverse("election_detail", kwargs={"pk": election.pk})
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["The list has no candidates yet: add them before printing the ballot paper."]
    assert rendered == []


def test_a_list_whose_candidates_all_withdrew_is_empty(client, congress_a, branch_clerk, rendered):
    election = election_with_list(congress=congress_a, created_by=branch_clerk, names=NAMES[:1], seats=1)
    election.candidates.update(withdrawn=True)
    client.force_login(branch_clerk)
    assert client.get(url(election)).status_code == 302
    assert rendered == []


def test_outsider_gets_404(client, congress_a, branch_clerk, outsider, rendered):
    election = election_with_list(congress=congress_a, created_by=branch_clerk, names=NAMES, seats=2)
    client.force_login(outsider)
    assert client.get(url(election)).status_code == 404
    assert rendered == []


def test_an_unknown_election_is_404(client, branch_clerk):
    client.force_login(branch_clerk)
    assert client.get(reverse("election_ballot_paper", kwargs={"pk": 999999})).status_code == 404


def test_printing_changes_nothing_and_refuses_post(client, congress_a, branch_clerk, rendered):
    election = election_with_list(congress=congress_a, created_by=branch_clerk, names=NAMES, seats=2)
    before = list(Candidate.objects.filter(election=election).values_list("pk", "position", "votes", "elected"))
    client.force_login(branch_clerk)
    assert client.post(url(election)).status_code == 405
    client.get(url(election))
    election.refresh_from_db()
    assert election.state == "preparing"
    assert list(Candidate.objects.filter(election=election).values_list("pk", "position", "votes", "elected")) == before
