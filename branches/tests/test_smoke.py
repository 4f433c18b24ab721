def test_clerk_sees_the_tree_of_their_superior(client, superior, branch_a, branch_b, superior_clerk, member_a):
    client.force_login(superior_clerk)
    response = client.get(f"/org/{superior.pk}/")
    assert response.status_code == 200
    assert "Chi bộ TDP Hoàng Trinh" in response.content.decode()
