from branches.models import CommitteeSeat
from branches.tests.factories import MemberFactory, OrganizationFactory, TermFactory


def test_clerk_records_a_seat_for_a_member_found_by_search(client, superior, branch_a, superior_clerk, member_a):
    term = TermFactory()
    client.force_login(superior_clerk)

    options = client.get(f"/org/{superior.pk}/members/options/", {"q": "nguyen van an"}).content.decode()
    assert f'value="{member_a.pk}"' in options

    response = client.post(
        f"/org/{branch_a.pk}/committees/",
        {"term": term.pk, "member": member_a.pk, "position": "secretary"},
    )
    assert response.status_code == 302
    seat = CommitteeSeat.objects.get()
    assert (seat.organization, seat.member, seat.position) == (branch_a, member_a, "secretary")


def test_the_seat_form_does_not_list_every_member(client, superior, branch_a, superior_clerk):
    MemberFactory.create_batch(5, organization=branch_a)
    client.force_login(superior_clerk)
    page = client.get(f"/org/{superior.pk}/committees/").content.decode()
    select = page[page.index('name="member"'):]
    select = select[: select.index("</select>")]
    assert select.count("<option") == 1  # only the "type a name" prompt


def test_a_member_outside_the_subtree_is_refused(client, superior, branch_a, branch_b, superior_clerk, member_b):
    TermFactory()
    client.force_login(superior_clerk)
    response = client.post(
        f"/org/{branch_a.pk}/committees/",
        {"term": TermFactory().pk, "member": member_b.pk, "position": "member"},
    )
    assert response.status_code == 200
    assert not CommitteeSeat.objects.exists()
    assert response.context["form"].errors["member"]


def test_options_cover_only_the_subtree_and_say_when_there_are_more(client, superior, branch_a, branch_b, branch_clerk, member_b):
    MemberFactory.create_batch(31, organization=branch_a, full_name="Lê Thị Đào")
    client.force_login(branch_clerk)
    html = client.get(f"/org/{branch_a.pk}/members/options/", {"q": "dao"}).content.decode()
    assert html.count("Lê Thị Đào") == 30
    assert "disabled" in html  # the "type more of the name" line
    assert "Trần Thị Bình" not in client.get(f"/org/{branch_a.pk}/members/options/", {"q": "binh"}).content.decode()


def test_options_on_another_organisation_are_hidden_from_outsiders(client, branch_a, outsider):
    client.force_login(outsider)
    assert client.get(f"/org/{branch_a.pk}/members/options/", {"q": "a"}).status_code == 404


def test_options_with_no_match_say_so(client, superior, superior_clerk):
    OrganizationFactory(parent=superior)
    client.force_login(superior_clerk)
    html = client.get(f"/org/{superior.pk}/members/options/", {"q": "zzz"}).content.decode()
    assert 'value=""' in html and "<option" in html


def test_seat_changes_show_in_the_committee_page_history(client, superior, branch_a, superior_clerk, member_a):
    term = TermFactory()
    client.force_login(superior_clerk)
    client.post(f"/org/{branch_a.pk}/committees/", {"term": term.pk, "member": member_a.pk, "position": "member"})
    seat = CommitteeSeat.objects.get()
    client.post(f"/seats/{seat.pk}/delete/")

    history = client.get(f"/org/{branch_a.pk}/committees/").context["history"]
    assert [entry.additional_data["action"] for entry in history] == [
        "branches.committee_seat.removed",
        "branches.committee_seat.added",
    ]
    assert all(entry.actor == superior_clerk for entry in history)
    # Another organisation's page does not show them.
    assert list(client.get(f"/org/{superior.pk}/committees/").context["history"]) == []
