"""The organisation list costs the same number of queries for 5 organisations as for 50."""

from tests.factories import OrganizationFactory


def test_the_list_query_count_does_not_grow_with_organizations(cast, login, same_queries_at_5_and_50):
    client = login(cast.supervisor)
    made = []

    def grow(n):
        while len(made) < n:
            made.append(OrganizationFactory(name=f"县直机关第{len(made)}党支部", parent=cast.gov))

    count, response = same_queries_at_5_and_50(grow, lambda: client.get("/organizations/"))
    body = response.content.decode()
    # the cast's two bodies below the county and 50 branches: a page of 50, a pager to the rest
    assert "共 52 个组织" in body
    assert body.count('<tr><td><a href="/organizations/') == 50
    assert 'aria-label="分页"' in body


def test_the_supervised_scope_is_walked_once_per_request(cast, django_assert_num_queries):
    from organizations.selectors import supervised_org_ids

    first = supervised_org_ids(cast.supervisor)
    with django_assert_num_queries(0):
        assert supervised_org_ids(cast.supervisor) == first
    assert cast.gov.pk in first and cast.county.pk not in first
