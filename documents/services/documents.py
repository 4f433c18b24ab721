import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.audit import audited
from branches.submissions import record_submission
from branches.text import fold
from branches.models import Organization, Term

from .. import guard, rules
from ..models import Decision, Document, DocumentTemplate, DocumentVersion, NumberSequence
from ..rules import Actor, Move
from ..sanitize import sanitize_body
from ..signatures import leader_signature, secretary_name
from .renders import render_request

META_FIELDS = (
    "doc_type", "subject", "heading", "superior_line", "issuer_lines", "term", "place",
    "document_date", "signing_mode", "signing_body", "signer_position", "signer_name", "cosigner_title", "cosigner_names", "recipients",
)


def current_term(today: datetime.date | None = None) -> Term | None:
    """The term that contains today (the latest starting one), else the latest."""
    year = (today or timezone.localdate()).year
    terms = Term.objects.order_by("-start_year", "-end_year")
    return terms.filter(start_year__lte=year, end_year__gte=year).first() or terms.first()


def document_defaults(issuer: Organization) -> dict:
    """What a new document of `issuer` starts with."""
    return {
        "place": issuer.place_name,
        "term": current_term(),
        "signing_mode": "T/M",
        "signing_body": rules.SIGNING_BODIES.get(issuer.kind, ""),
        "signer_position": "BÍ THƯ",
    }


def document_create(
    *, acting_user, issuer: Organization, body: str = "", template: DocumentTemplate | None = None,
    sequence_key: str = "", **fields,
) -> Document:
    """A new draft of `issuer` with its first version. From a template, the template's
    subject and body are filled from the context (documents.rules.fill_placeholders)."""
    with transaction.atomic(durable=True):
        document = create_in_transaction(
            acting_user=acting_user, issuer=issuer, body=body, template=template, sequence_key=sequence_key, **fields,
        )
        record_submission(document)
    return document


def create_in_transaction(
    *, acting_user, issuer: Organization, body: str = "", template: DocumentTemplate | None = None,
    sequence_key: str = "", **fields,
) -> Document:
    """document_create inside the caller's transaction, for a service of another app that
    creates a document together with its own rows (a congress plan and its KH document)."""
    _require_transaction("create_in_transaction")
    if not issuer.is_active:
        raise ValidationError(_("An inactive organisation cannot issue documents."))
    values = {**document_defaults(issuer), **{k: v for k, v in fields.items() if v not in (None, "")}}
    if "signer_name" not in values:
        # Signed for the organisation by its secretary, as recorded (docs/documents.md "Signatures").
        values["signer_name"] = secretary_name(issuer, values.get("term"))
    if template is not None:
        context = placeholder_values(issuer, values.get("term"))
        values.setdefault("doc_type", template.doc_type)
        if not fields.get("subject"):
            values["subject"] = rules.fill_placeholders(template.subject, context)
        body = body or rules.fill_placeholders(template.body, context)
    document = Document(issuer=issuer, created_by=acting_user, sequence_key=sequence_key, **values)
    document.subject_search = fold(document.subject)
    document.full_clean(exclude=["created_by"])
    with audited(acting_user, "documents.document.created"):
        document.save()
        DocumentVersion.objects.create(
            document=document, number=1, body=sanitize_body(body), author=acting_user,
            note=_("From the template “%(name)s”") % {"name": template.name} if template else "",
        )
    return document


def _require_transaction(name: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError(f"{name}() must run inside the caller's transaction.")


def placeholder_values(issuer: Organization, term: Term | None) -> dict[str, str]:
    """The names a template may use: {{ organization }}, {{ superior }}, {{ term }}, {{ place }}, {{ today }}, {{ year }}."""
    parent = Organization.objects.get_parent(issuer)
    today = timezone.localdate()
    return {
        "organization": issuer.name,
        "organization_upper": issuer.name.upper(),
        "superior": parent.name if parent else "",
        "superior_upper": parent.name.upper() if parent else "",
        "term": str(term) if term else "",
        "place": issuer.place_name,
        "today": rules.date_line(issuer.place_name, today.day, today.month, today.year),
        "year": str(today.year),
    }


def document_update(*, acting_user, document: Document, **fields) -> Document:
    """Change the facts around the body (subject, signer, recipients...) of an unissued document."""
    unknown = set(fields) - set(META_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    with transaction.atomic(durable=True), audited(acting_user, "documents.document.updated"):
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.state not in rules.EDITABLE:
            raise ValidationError(_("Only a draft, a document open for comments or a returned one can be changed."))
        for name, value in fields.items():
            setattr(document, name, value)
        document.subject_search = fold(document.subject)
        document.full_clean()
        document.save()
    return document


def document_save_body(*, acting_user, document: Document, body: str, note: str = "") -> DocumentVersion | None:
    """Save the body as the next version; nothing is saved when it did not change."""
    clean = sanitize_body(body)
    with transaction.atomic(durable=True), audited(acting_user, "documents.version.saved"):
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.state not in rules.EDITABLE:
            raise ValidationError(_("Only a draft, a document open for comments or a returned one can be changed."))
        last = document.versions.order_by("-number").first()
        if last is not None and last.body == clean:
            return None
        return DocumentVersion.objects.create(
            document=document, number=(last.number + 1) if last else 1, body=clean, note=note, author=acting_user,
        )


def document_move(*, acting_user, document: Document, move: Move, actors: set[Actor], comment: str = "") -> Document:
    """Open or close comments, submit, approve or return (rules.MOVES says who and when).
    Issuing has its own service (document_issue): it numbers the document."""
    with transaction.atomic(durable=True):
        return move_in_transaction(acting_user=acting_user, document=document, move=move, actors=actors, comment=comment)


def move_in_transaction(*, acting_user, document: Document, move: Move, actors: set[Actor], comment: str = "") -> Document:
    """document_move inside the caller's transaction, for a service of another app that moves
    documents together with its own rows (a congress submitted for review submits its drafts)."""
    _require_transaction("move_in_transaction")
    if move is Move.ISSUE:
        raise ValueError("use issue_in_transaction")
    if move is Move.RETURN and not comment.strip():
        raise ValidationError({"comment": _("Say what must be revised when returning a document.")})
    with audited(acting_user, f"documents.document.{move.value}", comment=comment):
        document = Document.objects.select_for_update(of=("self",)).get(pk=document.pk)
        problem = rules.move_problem(move, document.state, actors)
        if problem:
            raise ValidationError(problem)
        changed = ["state"]
        if move is Move.APPROVE:
            _refuse_leftovers(document, Move.APPROVE)
            if document.approved_by_issuer and not document.signer_name.strip():
                # A committee's own document is signed by the leader who approves it.
                signature = leader_signature(acting_user)
                document.signer_name = signature["signer_name"]
                document.signer_position = signature["signer_position"] or document.signer_position
                changed += ["signer_name", "signer_position"]
        document.state = rules.target(move)
        document.save(update_fields=changed)
        if move in (Move.APPROVE, Move.RETURN):
            Decision.objects.create(
                document=document, version=document.versions.order_by("-number").first(),
                kind="approved" if move is Move.APPROVE else "returned", comment=comment, decided_by=acting_user,
            )
    return document


def allocate_number(key: str) -> int:
    """The next number of sequence `key`, taken under a row lock inside the caller's
    transaction: a rollback gives it back, so numbers are never given twice nor skipped.

    The row is created on first use with INSERT ... ON CONFLICT DO NOTHING (SQLite: INSERT OR
    IGNORE), which never fails the transaction; on PostgreSQL a second inserter waits for the
    first to commit or roll back. The increment is one UPDATE, which takes the row lock and
    reads the committed value under it (READ COMMITTED re-reads a row it waited for); SQLite's
    IMMEDIATE transactions are serialised as a whole. Tested in test_numbering_concurrency.py.
    """
    if not transaction.get_connection().in_atomic_block:
        # Outside a transaction the lock would end with the statement (and SQLite would not
        # complain): the number could then be given back by nobody, or twice.
        raise transaction.TransactionManagementError("allocate_number() must run inside the caller's transaction.")
    NumberSequence.objects.bulk_create([NumberSequence(key=key)], ignore_conflicts=True)
    NumberSequence.objects.filter(key=key).update(last_number=F("last_number") + 1)
    return NumberSequence.objects.values_list("last_number", flat=True).get(key=key)


# How many of a body's leftovers a refusal names (the editor shows them all in context).
LEFTOVERS_NAMED = 8


def _refuse_leftovers(document: Document, move: Move) -> None:
    """Refuse approving or issuing (adoption issues) a document whose latest version is empty
    or still holds a template's placeholders, naming what is left (documents.guard,
    docs/domain.md §4a). A draft may still be submitted incomplete: comments may be asked on a
    skeleton."""
    version = document.versions.order_by("-number").first()
    left = guard.leftovers(version.body if version else "", document.subject)
    if not left:
        return
    if left[0] == guard.EMPTY:
        message = {
            Move.APPROVE: _("Cannot approve yet: the document is empty."),
            Move.ISSUE: _("Cannot issue yet: the document is empty."),
        }[move]
        raise ValidationError(message)
    named = "; ".join(left[:LEFTOVERS_NAMED]) + ("; …" if len(left) > LEFTOVERS_NAMED else "")
    message = {
        Move.APPROVE: _("Cannot approve yet, still to complete: %(left)s."),
        Move.ISSUE: _("Cannot issue yet, still to complete: %(left)s."),
    }[move]
    raise ValidationError(message % {"left": named})


def _date_problem(document: Document) -> str | None:
    """A number is never dated before the number that precedes it in its sequence, so the
    register reads in the same order by date and by number."""
    previous = (
        Document.objects.filter(sequence_key=document.sequence_key, number__lt=document.number)
        .order_by("-number").values_list("document_date", "symbol").first()
    )
    if previous and previous[0] and document.document_date < previous[0]:
        return _("The date cannot be earlier than %(date)s, the date of %(symbol)s, the previous number of this series.") % {
            "date": previous[0].strftime("%d/%m/%Y"), "symbol": previous[1],
        }
    return None


def document_issue(
    *, acting_user, document: Document, actors: set[Actor], document_date: datetime.date | None = None,
) -> Document:
    """Number, date and freeze an approved document, then render its final PDF."""
    with transaction.atomic(durable=True):
        return issue_in_transaction(acting_user=acting_user, document=document, actors=actors, document_date=document_date)


def issue_in_transaction(
    *, acting_user, document: Document, actors: set[Actor], document_date: datetime.date | None = None,
) -> Document:
    """document_issue inside the caller's transaction, for a service of another app that issues
    a document together with its own rows (a congress plan opens its congresses): if the caller
    rolls back, the number goes back to the sequence.

    Dated `document_date` when given (the date offered by every adopt and issue step), else
    the date it already has, else today; never before the previous number of its sequence.
    Refused while the body is empty or holds a template's placeholders (documents.guard)."""
    _require_transaction("issue_in_transaction")
    with audited(acting_user, "documents.document.issued"):
        # of=("self",): lock the document, not its issuer's row as well (that would serialise
        # every issue of the organisation and block edits of the organisation meanwhile).
        document = Document.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=document.pk)
        problem = rules.move_problem(Move.ISSUE, document.state, actors)
        if problem:
            raise ValidationError(problem)
        _refuse_leftovers(document, Move.ISSUE)
        if not document.signer_name.strip():
            raise ValidationError(_(
                "Cannot issue yet: write the signer's name in the document's details (every issued document "
                "prints who signs it)."
            ))
        if not document.sequence_key:
            document.sequence_key = rules.default_sequence_key(document.issuer_id, document.doc_type, document.term_id)
        document.number = allocate_number(document.sequence_key)
        document.symbol = rules.symbol(document.number, document.doc_type, document.issuer.short_name)
        document.document_date = document_date or document.document_date or timezone.localdate()
        problem = _date_problem(document)
        if problem:
            raise ValidationError({"document_date": problem})
        document.state = rules.ISSUED
        document.issued_at = timezone.now()
        document.issued_by = acting_user
        document.save()
        version = document.versions.order_by("-number").first()
        render_request(acting_user=acting_user, version=version)
    return document


def document_supersede(*, acting_user, document: Document) -> Document:
    """A new draft that will replace an issued document: same facts and body, no number."""
    if not document.is_frozen:
        raise ValidationError(_("Only an issued document can be superseded."))
    last = document.versions.order_by("-number").first()
    fields = {name: getattr(document, name) for name in META_FIELDS if name != "document_date"}
    # A sequence the document was given (a congress's) carries over; the default one is derived
    # again at issue, from the new document's type and term.
    default_key = rules.default_sequence_key(document.issuer_id, document.doc_type, document.term_id)
    sequence_key = "" if document.sequence_key == default_key else document.sequence_key
    new = Document(
        issuer=document.issuer, created_by=acting_user, supersedes=document, sequence_key=sequence_key,
        approved_by_issuer=document.approved_by_issuer,
        subject_search=fold(document.subject), **fields,
    )
    new.full_clean(exclude=["created_by"])
    with transaction.atomic(durable=True), audited(acting_user, "documents.document.superseding_started"):
        new.save()
        DocumentVersion.objects.create(
            document=new, number=1, body=last.body if last else "", author=acting_user,
            note=_("Replaces %(symbol)s") % {"symbol": document.symbol},
        )
    return new


def approved_revise_in_transaction(
    *, acting_user, document: Document, body: str | None = None, note: str = "", **fields,
) -> Document:
    """Change an approved document in the caller's transaction, just before the caller issues it:
    what the body or the facts around it could only say once the meeting that adopts it has
    taken place (a congress's resolution takes the elections' results, its final subject and its
    presiding signer at adoption). `body` becomes the next version (none when unchanged);
    `fields` are META_FIELDS. Refused unless the document is approved."""
    _require_transaction("approved_revise_in_transaction")
    unknown = set(fields) - set(META_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    with audited(acting_user, "documents.document.revised_at_adoption"):
        document = Document.objects.select_for_update(of=("self",)).get(pk=document.pk)
        if document.state != rules.APPROVED:
            raise ValidationError(_("Only an approved document can be completed before it is issued."))
        for name, value in fields.items():
            setattr(document, name, value)
        document.subject_search = fold(document.subject)
        document.full_clean()
        document.save()
        if body is not None:
            clean = sanitize_body(body)
            last = document.versions.order_by("-number").first()
            if last is None or last.body != clean:
                DocumentVersion.objects.create(
                    document=document, number=(last.number + 1) if last else 1, body=clean, note=note,
                    author=acting_user,
                )
    return document
