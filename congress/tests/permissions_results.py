"""What each URL of congress.urls.results needs, for the permission matrix (tests/test_permissions.py).

The congress of the context is planned: pages read (200), and a write its state does not allow
answers with a message and a redirect (302), changing nothing.
"""

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .needs import CONGRESS, EDIT, LEAD, POST_ONLY, SUPERIOR_CLERK, VIEW

ELECTED_SEAT = "elected seat"  # someone recorded as elected at branch A's congress
DOSSIER_FILE = "dossier file"  # a file of branch A's results dossier
COMPLAINT = "complaint"  # an open complaint about branch A's congress

MATRIX = {
    "congress_elected": (CONGRESS, VIEW, EDIT),
    "congress_elected_delete": (ELECTED_SEAT, POST_ONLY, EDIT),
    "congress_dossier": (CONGRESS, VIEW, EDIT),
    "congress_summary_list": (CONGRESS, VIEW, None),
    "congress_dossier_download": (DOSSIER_FILE, VIEW, None),
    "congress_dossier_delete": (DOSSIER_FILE, POST_ONLY, EDIT),
    "congress_complaints": (CONGRESS, VIEW, SUPERIOR_CLERK),
    "congress_complaint_settle": (COMPLAINT, POST_ONLY, SUPERIOR_CLERK),
    "congress_secretary_appoint": (CONGRESS, LEAD, LEAD),
    "congress_ratify": (CONGRESS, LEAD, LEAD),
    "congress_annul": (CONGRESS, LEAD, LEAD),
}


def targets(*, congress, member_a, superior_clerk, branch_clerk, **everyone):
    """The objects the URLs above name."""
    from congress.models import Complaint, DossierFile, DossierKind, ElectedSeat

    name = f"dossiers/tests/permission-matrix-{congress.pk}.pdf"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(b"%PDF-1.7 stand-in"))
    return {
        ELECTED_SEAT: ElectedSeat.objects.create(congress=congress, member=member_a, position="secretary", votes=9),
        DOSSIER_FILE: DossierFile.objects.create(
            congress=congress, kind=DossierKind.ELECTION_MINUTES, file=name, uploaded_by=branch_clerk,
        ),
        COMPLAINT: Complaint.objects.create(
            congress=congress, received_on=datetime.date(2022, 6, 20), summary="Đơn thư phản ánh việc kiểm phiếu.",
            recorded_by=superior_clerk,
        ),
    }
