"""The demo congress round: built through the services on top of seed_demo, once."""

import io

import pytest
from django.core.management import call_command

from branches.models import CommitteeSeat
from congress.models import Congress, CongressDocumentRole, Plan

pytestmark = pytest.mark.usefixtures("no_rendering")


def _run(command: str) -> str:
    out = io.StringIO()
    call_command(command, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_demo_round_covers_every_stage_once(db):
    assert "No demo tree" in _run("seed_demo_congress")
    _run("seed_demo")
    _run("seed_demo_documents")
    assert "Demo congress round loaded: 01-KH/ĐU, 11 congresses." in _run("seed_demo_congress")
    assert "already loaded" in _run("seed_demo_congress")

    plan = Plan.objects.get()
    assert plan.is_open and plan.document.state == "issued" and plan.working_groups.count() == 2
    states = dict(Congress.objects.values_list("organization__name", "state"))
    assert states["Chi bộ Quyền Thượng"] == "ratified"
    assert {"planned", "preparing", "submitted", "reviewed", "held", "results_reported", "ratified"} == set(states.values())

    pilot = Congress.objects.get(is_pilot=True)
    assert pilot.organization.name == "Chi bộ Quyền Thượng" and pilot.debrief.published_at is not None
    documents = {row.role: row.document for row in pilot.documents.select_related("document")}
    assert documents[CongressDocumentRole.DRAFT_RESOLUTION].symbol == "01-NQ/CB"
    assert documents[CongressDocumentRole.MINUTES].symbol == "02-BB/CB"
    assert documents[CongressDocumentRole.RATIFICATION].symbol == "01-QĐ/ĐU"
    assert documents[CongressDocumentRole.CONCLUSION_NOTICE].state == "issued"
    seats = CommitteeSeat.objects.filter(organization=pilot.organization, term=plan.term)
    assert sorted(seats.values_list("position", flat=True)) == ["deputy_secretary", "member", "secretary"]
