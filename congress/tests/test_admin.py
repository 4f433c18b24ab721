from branches.tests.factories import UserFactory


def test_administrators_see_plans_congresses_and_holidays(client, db):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    for url in ("/admin/congress/plan/", "/admin/congress/congress/", "/admin/congress/holiday/", "/admin/congress/holiday/add/"):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/congress/plan/add/").status_code == 403  # plans change through the services
