"""Administrators manage users and their roles in Django's admin."""

from branches.models import Role
from branches.tests.factories import UserFactory


def test_administrator_grants_a_role_in_the_user_page(client, superior, branch_a):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    clerk = UserFactory(username="new_clerk")
    client.force_login(admin)

    page = client.get(f"/admin/branches/user/{clerk.pk}/change/")
    assert page.status_code == 200
    assert "roles-TOTAL_FORMS" in page.content.decode()

    response = client.post(
        f"/admin/branches/user/{clerk.pk}/change/",
        {
            "username": "new_clerk", "full_name": "Lê Văn Tám", "email": "",
            "is_active": "on", "date_joined_0": "21/11/2026", "date_joined_1": "08:00:00",
            "roles-TOTAL_FORMS": "1", "roles-INITIAL_FORMS": "0",
            "roles-MIN_NUM_FORMS": "0", "roles-MAX_NUM_FORMS": "1000",
            "roles-0-organization": branch_a.pk, "roles-0-kind": "clerk",
        },
    )
    assert response.status_code == 302, response.context["adminform"].errors if response.context else ""
    assert Role.objects.filter(user=clerk, organization=branch_a, kind="clerk").exists()


def test_administrator_sees_the_organisation_tree_in_the_admin(client, superior, branch_a):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = client.get("/admin/branches/organization/")
    assert page.status_code == 200
    assert superior.name in page.content.decode()


def test_clerks_cannot_open_the_admin(client, superior_clerk):
    client.force_login(superior_clerk)
    assert client.get("/admin/branches/user/").status_code == 302  # to the admin login
