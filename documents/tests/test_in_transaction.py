"""The in-transaction forms of create and issue, for services of other apps, refuse to run
outside a transaction: a number taken there could be given back by nobody."""

import pytest
from django.db import transaction

from branches.tests.factories import OrganizationFactory, TermFactory, UserFactory
from documents.models import Document
from documents.rules import Actor
from documents.services.documents import create_in_transaction, document_create, issue_in_transaction


@pytest.mark.django_db(transaction=True)
def test_create_and_issue_in_transaction_need_the_callers_transaction():
    issuer = OrganizationFactory(kind="grassroots_committee", short_name="ĐU")
    user = UserFactory()
    term = TermFactory()
    with pytest.raises(transaction.TransactionManagementError):
        create_in_transaction(acting_user=user, issuer=issuer, doc_type="KH", subject="Kế hoạch", term=term)
    document = document_create(acting_user=user, issuer=issuer, doc_type="KH", subject="Kế hoạch", term=term)
    with pytest.raises(transaction.TransactionManagementError):
        issue_in_transaction(acting_user=user, document=document, actors={Actor.CLERK})
    assert Document.objects.get().number is None
