"""Every list pages through organizations.paging; rows build their links without reverse()."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from organizations.paging import page_for, url_maker


@pytest.mark.parametrize("name", ["meetings:detail", "organizations:detail", "inspections:meeting"])
def test_a_made_url_is_the_reversed_one(name):
    make = url_maker(name)
    for pk in (1, 7, 12345):
        assert make(pk) == reverse(name, args=[pk])


def test_a_made_url_takes_a_uuid_key():
    import uuid

    key = uuid.uuid4()
    assert url_maker("feedback:opinion", sample=uuid.UUID(int=0))(key) == reverse("feedback:opinion", args=[key])


def test_a_page_keeps_the_filters_and_forgets_its_number():
    request = RequestFactory().get("/meetings/", {"stage": "plan_review", "kind": "专题", "page": "2"})
    page = page_for(request, list(range(120)))
    assert page.number == 2
    assert list(page.object_list) == list(range(50, 100))
    assert "page=" not in page.query
    assert "stage=plan_review" in page.query


@pytest.mark.parametrize("number, shown", [("abc", 1), ("99", 3), ("-1", 3)])
def test_a_bad_page_number_gives_the_nearest_page(number, shown):
    page = page_for(RequestFactory().get("/", {"page": number}), list(range(120)))
    assert page.number == shown


def test_the_pager_names_itself_and_the_current_page_in_chinese():
    request = RequestFactory().get("/", {"stage": "plan_review", "page": "2"})
    html = render_to_string("_pager.html", {"page": page_for(request, list(range(120)))})
    assert '<nav class="pager" aria-label="分页">' in html
    assert 'aria-current="page">第 2 / 3 页<' in html
    assert 'href="?stage=plan_review&amp;page=1"' in html
    assert 'href="?stage=plan_review&amp;page=3"' in html
    assert "上一页" in html and "下一页" in html


def test_one_page_needs_no_pager():
    html = render_to_string("_pager.html", {"page": page_for(RequestFactory().get("/"), [1, 2])})
    assert "分页" not in html


def test_the_pager_can_swap_a_part_with_htmx_and_still_works_without():
    request = RequestFactory().get("/", {"state": "new"})
    html = render_to_string("_pager.html", {"page": page_for(request, list(range(120))), "hx_target": "#results"})
    assert 'href="?state=new&amp;page=2"' in html
    assert 'hx-get="?state=new&amp;page=2" hx-target="#results" hx-push-url="true"' in html
