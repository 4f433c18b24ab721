"""Factories for documents; the tree and people come from branches' factories."""

from branches.tests.factories import MemberFactory, OrganizationFactory, RoleFactory, TermFactory, UserFactory

__all__ = ["MemberFactory", "OrganizationFactory", "RoleFactory", "TermFactory", "UserFactory"]
