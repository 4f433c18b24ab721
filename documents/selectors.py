"""Reads of documents that span relations (docs/architecture.md: selectors)."""

import datetime

from django.db.models import QuerySet

from branches.models import Organization, Term
from branches.text import fold

from .models import Document, DocumentState


def register_documents(
    organization: Organization, *, subtree: bool = False, doc_type: str = "", term: Term | None = None,
    year: int | None = None, date_from: datetime.date | None = None, date_to: datetime.date | None = None,
    query: str = "",
) -> QuerySet[Document]:
    """The register of documents issued (sổ đăng ký văn bản đi) by `organization`, or by its
    whole subtree: by date, then number. Every word of `query` must be in the subject, whatever the accents and case."""
    documents = Document.objects.filter(state=DocumentState.ISSUED)
    if subtree:
        documents = documents.filter(issuer__path__startswith=organization.path)
    else:
        documents = documents.filter(issuer=organization)
    if doc_type:
        documents = documents.filter(doc_type=doc_type)
    if term is not None:
        documents = documents.filter(term=term)
    if year:
        documents = documents.filter(document_date__year=year)
    if date_from:
        documents = documents.filter(document_date__gte=date_from)
    if date_to:
        documents = documents.filter(document_date__lte=date_to)
    for word in fold(query).split():
        documents = documents.filter(subject_search__contains=word)
    return documents.select_related("issuer").order_by("document_date", "number", "pk")
