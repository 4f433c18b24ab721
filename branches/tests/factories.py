"""factory_boy factories that keep the tree consistent (nodes go through treebeard)."""

import datetime

import factory

from branches.models import CommitteeSeat, Member, Organization, Role, Term, User
from branches.rules import split_status


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    password = factory.django.Password("secret-pass-123")


class OrganizationFactory(factory.django.DjangoModelFactory):
    """`OrganizationFactory(parent=node)` adds a child; without a parent, a new top."""

    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Chi bộ số {n}")
    kind = "branch"
    sector = "agency"
    short_name = "CB"
    place_name = "Kỳ Trinh"

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is None:
            if kwargs.get("kind") == "branch":
                kwargs["kind"] = "superior"
            return model_class.objects.add_root(kwargs)
        return model_class.objects.add_child(parent, kwargs)


class MemberFactory(factory.django.DjangoModelFactory):
    """`status=` is a shorthand for the two facts of docs/domain.md §1.4 as one old-style word
    ("probationary", "exempt", "transferred_temporarily", "suspended": branches.rules.split_status);
    `membership=` and `situation=` set them apart (a probationary member temporarily elsewhere)."""

    class Meta:
        model = Member

    class Params:
        status = "official"

    organization = factory.SubFactory(OrganizationFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Số{n}")
    gender = "male"
    date_of_birth = datetime.date(1975, 5, 19)
    ethnicity = "Kinh"
    joined_on = datetime.date(2000, 3, 3)
    official_on = datetime.date(2001, 3, 3)
    membership = factory.LazyAttribute(lambda o: split_status(o.status)[0])
    situation = factory.LazyAttribute(lambda o: split_status(o.status)[1])


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("start_year", "end_year")

    start_year = 2022
    end_year = 2025


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    kind = "viewer"


class CommitteeSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeSeat

    organization = factory.SelfAttribute("member.organization")
    term = factory.SubFactory(TermFactory)
    member = factory.SubFactory(MemberFactory)
    position = "member"
