from django.db import transaction

from branches.audit import audited
from branches.submissions import record_submission
from branches.models import Organization

from ..models import DocumentTemplate
from ..sanitize import sanitize_body


def template_save(*, acting_user, owner: Organization, template: DocumentTemplate | None = None, **fields) -> DocumentTemplate:
    """Create or change a model document of `owner`; published ones reach its whole subtree."""
    template = template or DocumentTemplate(owner=owner)
    for name, value in fields.items():
        setattr(template, name, value)
    template.body = sanitize_body(template.body)
    template.full_clean()
    action = "documents.template.updated" if template.pk else "documents.template.created"
    with transaction.atomic(durable=True), audited(acting_user, action):
        template.save()
        record_submission(template)  # only a decorated view's (template_create) submission
    return template


def templates_for(organization: Organization):
    """Templates a clerk of `organization` may start from: its own, and those published by
    any organisation above it."""
    ancestors = [organization.path[:i] for i in range(Organization.steplen, len(organization.path) + 1, Organization.steplen)]
    return (
        DocumentTemplate.objects.filter(owner__path__in=ancestors)
        .exclude(is_published=False, owner__path__in=ancestors[:-1])
        .select_related("owner")
    )
