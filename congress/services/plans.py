"""The superior's plan for a congress round (docs/domain.md §2 steps 1–2): its KH document, the
organisations in scope and the pilots, working groups, and issuing it, which opens one
congress per organisation."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.audit import audited
from branches.submissions import record_submission
from branches.models import Member, Organization, OrganizationKind, Term
from documents import rules as document_rules
from documents.models import Document, DocumentTemplate
from documents.rules import Actor, Move
from documents.services.documents import create_in_transaction, document_update, issue_in_transaction
from documents.services.templates import templates_for

from .. import rules
from ..models import Congress, CongressState, Plan, PlanScope, WorkingGroup

# The kinds a plan covers when no scope is given: every branch that holds its own congress.
DEFAULT_SCOPE_KINDS = (OrganizationKind.BRANCH, OrganizationKind.GRASSROOTS_BRANCH)

DEADLINE_FIELDS = ("documents_days_before", "report_working_days", "ratify_working_days", "elects_secretary_directly")
# What plan_update may change besides the subject of the KH document.
UPDATABLE_FIELDS = ("pilots_held_by", "congresses_held_by", *DEADLINE_FIELDS)
# The documents a plan may point its organisations to as guidance (HD, CV, KH, TB, QĐ...).
GUIDANCE_TYPES = ("HD", "CV", "KH", "TB", "QĐ", "CT", "KL", "NQ")


def default_scope(organization: Organization) -> list[Organization]:
    """Every active branch and grassroots branch of `organization`'s subtree (docs/domain.md §2:
    by default the plan covers all branches below the committee)."""
    return list(
        Organization.objects.filter(organization.subtree_q(), kind__in=DEFAULT_SCOPE_KINDS, is_active=True)
        .exclude(pk=organization.pk).order_by("path")
    )


def _scope_problem(organization: Organization, organizations: Iterable[Organization]) -> str | None:
    """Why these organisations cannot be in a plan of `organization`, or None."""
    outside = [o.name for o in organizations if o.pk == organization.pk or not o.is_in_subtree_of(organization)]
    if outside:
        return _("A plan of %(organization)s can only cover organisations below it; not: %(names)s.") % {
            "organization": organization.name, "names": ", ".join(outside),
        }
    inactive = [o.name for o in organizations if not o.is_active]
    if inactive:
        return _("Inactive organisations hold no congress: %(names)s.") % {"names": ", ".join(inactive)}
    return None


def _pilots_problem(organizations: Iterable[Organization], pilots: Iterable[Organization]) -> str | None:
    in_scope = {o.pk for o in organizations}
    stray = [p.name for p in pilots if p.pk not in in_scope]
    if stray:
        return _("A pilot congress must be one of the plan's organisations; not: %(names)s.") % {
            "names": ", ".join(stray),
        }
    return None


def plan_create(
    *, acting_user, organization: Organization, term: Term, subject: str, congresses_held_by,
    pilots_held_by=None, scope: Iterable[Organization] | None = None, pilots: Iterable[Organization] = (),
    **deadlines,
) -> Plan:
    """A plan of `organization` for `term`, with its KH document as a new draft. Without
    `scope`, every active branch of the subtree; `deadlines` may set the fields of
    DEADLINE_FIELDS (their defaults are the usual 10 days, 7 and 15 working days)."""
    unknown = set(deadlines) - set(DEADLINE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan settings: {sorted(unknown)}")
    organizations = default_scope(organization) if scope is None else _distinct(scope)
    pilots = _distinct(pilots)
    problem = _scope_problem(organization, organizations) or _pilots_problem(organizations, pilots)
    if problem:
        raise ValidationError(problem)
    pilot_pks = {p.pk for p in pilots}
    with transaction.atomic(durable=True):
        document = create_in_transaction(
            acting_user=acting_user, issuer=organization, doc_type="KH", subject=subject, term=term,
            approved_by_issuer=True,
        )
        plan = Plan(
            organization=organization, term=term, document=document, congresses_held_by=congresses_held_by,
            pilots_held_by=pilots_held_by, created_by=acting_user, **deadlines,
        )
        plan.full_clean(exclude=["created_by"])
        with audited(acting_user, "congress.plan.created"):
            plan.save()
            for org in organizations:
                # Checked above (in the subtree, distinct): no full_clean, which would query
                # twice per row for what is known.
                PlanScope.objects.create(plan=plan, organization=org, is_pilot=org.pk in pilot_pks)
            record_submission(plan)
    return plan


def plan_set_scope(
    *, acting_user, plan: Plan, organizations: Iterable[Organization], pilots: Iterable[Organization] = (),
) -> Plan:
    """Replace the organisations of a plan that has not opened its congresses, and its pilots."""
    organizations, pilots = _distinct(organizations), _distinct(pilots)
    with transaction.atomic(durable=True), audited(acting_user, "congress.plan.scope_set"):
        plan = Plan.objects.select_for_update(of=("self",)).select_related("organization").get(pk=plan.pk)
        if plan.is_open:
            raise ValidationError(_("The plan is issued and its congresses are open; its organisations can no longer change."))
        problem = _scope_problem(plan.organization, organizations) or _pilots_problem(organizations, pilots)
        if problem:
            raise ValidationError(problem)
        keep = {o.pk for o in organizations}
        followed = (
            WorkingGroup.organizations.through.objects.filter(workinggroup__plan=plan)
            .exclude(organization__in=keep).select_related("organization", "workinggroup")
        )
        if followed:
            raise ValidationError(_("Remove these organisations from their working groups first: %(pairs)s.") % {
                "pairs": ", ".join(f"{row.organization.name} ({row.workinggroup.name})" for row in followed),
            })
        pilot_pks = {p.pk for p in pilots}
        # Row by row, so that the audit trail shows what was added, removed or made a pilot.
        for row in plan.scope.exclude(organization__in=keep):
            row.delete()
        existing = {row.organization_id: row for row in plan.scope.all()}
        for org in organizations:
            row = existing.get(org.pk)
            if row is None:
                PlanScope.objects.create(plan=plan, organization=org, is_pilot=org.pk in pilot_pks)
            elif row.is_pilot != (org.pk in pilot_pks):
                row.is_pilot = org.pk in pilot_pks
                row.save(update_fields=["is_pilot"])
    return plan


def working_group_save(
    *, acting_user, plan: Plan, name: str, members: Iterable, organizations: Iterable[Organization],
    group: WorkingGroup | None = None,
) -> WorkingGroup:
    """Create a working group of `plan` (or change `group`): who is in it and which of the plan's
    organisations it follows."""
    organizations = _distinct(organizations)
    with transaction.atomic(durable=True), audited(acting_user, "congress.working_group.saved"):
        in_scope = set(plan.scope.values_list("organization_id", flat=True))
        stray = [o.name for o in organizations if o.pk not in in_scope]
        if stray:
            raise ValidationError(_("A working group can only follow organisations of the plan; not: %(names)s.") % {
                "names": ", ".join(stray),
            })
        if group is None:
            group = WorkingGroup(plan=plan)
        elif group.plan_id != plan.pk:
            raise ValueError("The working group belongs to another plan.")
        group.name = name.strip()
        group.full_clean()
        group.save()
        group.members.set(list(members))
        group.organizations.set(organizations)
    return group


def plan_issue(*, acting_user, plan: Plan, actors: set[Actor], document_date=None) -> Plan:
    """Issue the plan's KH document (it must be approved: documents.rules.MOVES says who issues)
    and, in the same transaction, open one congress per organisation in scope. Nothing is kept
    if any step fails: not the document's number, not a congress. A KH document already issued
    from its own page keeps its number; the congresses open all the same.

    The ordinal of each congress follows the organisation's latest congress recorded here (its
    ordinal + 1; 1 when there is none). Organisations whose earlier congresses predate the
    system get "lần thứ nhất" and need it corrected with congress_set_ordinal. The kind of each
    congress (members' or delegates') is its default (congress.rules.default_congress_kind),
    which the superior may change while the congress is prepared (congress.services.kinds).
    The KH document is dated `document_date` when given (the issue step offers it: docs/domain.md
    §4a), never before the previous number of its series.
    """
    with transaction.atomic(durable=True):
        plan = Plan.objects.select_for_update(of=("self",)).select_related("organization", "term").get(pk=plan.pk)
        if plan.is_open:
            raise ValidationError(_("This plan is already issued and its congresses are open."))
        scope = list(plan.scope.select_related("organization").order_by("organization__path"))
        if not scope:
            raise ValidationError(_("The plan covers no organisation; choose the organisations first."))
        problem = _scope_problem(plan.organization, [row.organization for row in scope])
        if problem:
            raise ValidationError(problem)
        orgs = [row.organization for row in scope]
        taken = list(
            Congress.objects.filter(organization__in=orgs, plan__term=plan.term)
            .exclude(state=CongressState.ANNULLED).values_list("organization__name", flat=True)
        )
        if taken:
            raise ValidationError(_("These organisations already have a congress for this term: %(names)s.") % {
                "names": ", ".join(taken),
            })
        document = Document.objects.only("state").get(pk=plan.document_id)
        if document.state == document_rules.ISSUED:
            # Issued from the document's own page: what is left is to open the congresses.
            if Actor.CLERK not in actors:
                raise ValidationError(document_rules.move_problem(Move.ISSUE, document_rules.APPROVED, actors))
        else:
            issue_in_transaction(
                acting_user=acting_user, document=plan.document, actors=actors, document_date=document_date,
            )
        with audited(acting_user, "congress.plan.issued"):
            counts = _member_counts(plan, orgs)
            last_ordinals = dict(
                Congress.objects.filter(organization__in=orgs).exclude(state=CongressState.ANNULLED)
                .values("organization").annotate(last=Max("ordinal")).values_list("organization", "last")
            )
            for row in scope:
                org = row.organization
                congress = Congress(
                    plan=plan, organization=org, ordinal=last_ordinals.get(org.pk, 0) + 1,
                    kind=rules.default_congress_kind(org.kind, counts[org.pk]), is_pilot=row.is_pilot,
                    state=CongressState.PLANNED,
                )
                congress.full_clean()
                congress.save()
            plan.opened_at = timezone.now()
            plan.save(update_fields=["opened_at"])
    return plan


def _member_counts(plan: Plan, organizations: list[Organization]) -> dict[int, int]:
    """Members of each organisation's subtree, probationary ones included (the delegates'
    congress threshold counts them all, congress.rules.default_congress_kind): one query over
    the plan's subtree, summed by path prefix."""
    by_path = (
        Member.objects.filter(plan.organization.subtree_q("organization__"))
        .values("organization__path").annotate(n=Count("pk")).values_list("organization__path", "n")
    )
    by_path = list(by_path)
    return {org.pk: sum(n for path, n in by_path if path.startswith(org.path)) for org in organizations}


def congress_set_ordinal(*, acting_user, congress: Congress, ordinal: int) -> Congress:
    """Correct which congress of its organisation this is ("lần thứ ..."): plan_issue counts only
    the congresses recorded here."""
    with transaction.atomic(durable=True), audited(acting_user, "congress.congress.ordinal_set"):
        congress = Congress.objects.select_for_update(of=("self",)).get(pk=congress.pk)
        congress.ordinal = ordinal
        congress.full_clean()
        congress.save(update_fields=["ordinal"])
    return congress


def plan_update(*, acting_user, plan: Plan, subject: str | None = None, **fields) -> Plan:
    """Change the dates and deadlines of a plan that has not opened its congresses, and the
    subject of its KH document (through documents' own document_update, which refuses once the
    document has left the clerk's hands).

    Everything is checked before anything is written; the subject and the plan's fields are
    then saved in two transactions, because document_update owns its own.
    """
    unknown = set(fields) - set(UPDATABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    plan = Plan.objects.select_related("document").get(pk=plan.pk)
    if plan.is_open:
        raise ValidationError(_("The plan is issued and its congresses are open; it can no longer change."))
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.full_clean()
    document = plan.document
    subject = (subject or "").strip()
    if subject and subject != document.subject:
        if document.state not in document_rules.EDITABLE:
            raise ValidationError({"subject": _(
                "The subject can change only while the plan document is a draft, open for comments or "
                "returned; it is now: %(state)s."
            ) % {"state": document.get_state_display()}})
        document_update(acting_user=acting_user, document=document, subject=subject)
    with transaction.atomic(durable=True), audited(acting_user, "congress.plan.updated"):
        locked = Plan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
        if locked.is_open:
            raise ValidationError(_("The plan is issued and its congresses are open; it can no longer change."))
        for name, value in fields.items():
            setattr(locked, name, value)
        if fields:
            locked.save(update_fields=list(fields))
    locked.document = Document.objects.get(pk=document.pk)
    return locked


def guidance_documents_for(organization: Organization):
    """The documents a plan of `organization` may name as guidance: issued guidance, letters,
    plans, notices, decisions... of the organisation itself or of any organisation above it."""
    return Document.objects.filter(
        issuer__path__in=_ancestor_paths(organization), state=document_rules.ISSUED, doc_type__in=GUIDANCE_TYPES,
    )


def plan_set_guidance(
    *, acting_user, plan: Plan, guidance: Iterable[Document], templates: Iterable[DocumentTemplate],
) -> Plan:
    """Choose the guidance documents and the templates the organisations of the plan follow.
    Allowed after the plan is issued too: guidance often comes later than the plan."""
    guidance, templates = list(guidance), list(templates)
    with transaction.atomic(durable=True), audited(acting_user, "congress.plan.guidance_set"):
        plan = Plan.objects.select_for_update(of=("self",)).select_related("organization").get(pk=plan.pk)
        allowed = set(
            guidance_documents_for(plan.organization).exclude(pk=plan.document_id)
            .filter(pk__in=[d.pk for d in guidance]).values_list("pk", flat=True)
        )
        stray = [d.symbol or d.subject for d in guidance if d.pk not in allowed]
        if stray:
            raise ValidationError({"guidance": _(
                "Guidance must be issued by the plan's committee or an organisation above it: not %(names)s."
            ) % {"names": ", ".join(stray)}})
        available = set(templates_for(plan.organization).filter(pk__in=[t.pk for t in templates]).values_list("pk", flat=True))
        stray = [t.name for t in templates if t.pk not in available]
        if stray:
            raise ValidationError({"templates": _(
                "These templates are not available to %(organization)s: %(names)s."
            ) % {"organization": plan.organization.name, "names": ", ".join(stray)}})
        plan.guidance.set(guidance)
        plan.templates.set(templates)
    return plan


def working_group_delete(*, acting_user, group: WorkingGroup) -> None:
    """Remove a working group of a plan; the organisations it followed stay in the plan."""
    with transaction.atomic(durable=True), audited(
        acting_user, "congress.working_group.deleted", plan=group.plan_id, group=group.name,
    ):
        WorkingGroup.objects.select_for_update().get(pk=group.pk).delete()


def _ancestor_paths(organization: Organization) -> list[str]:
    """The paths of `organization` and of every organisation above it."""
    step = Organization.steplen
    return [organization.path[:i] for i in range(step, len(organization.path) + 1, step)]


def _distinct(organizations: Iterable[Organization]) -> list[Organization]:
    seen, result = set(), []
    for org in organizations:
        if org.pk not in seen:
            seen.add(org.pk)
            result.append(org)
    return result
