"""One way to cut a growing list into pages, and to build a row's link without reverse().

Every list page of every app pages through `page_for` and renders `templates/_pager.html`,
so the page size, the Chinese labels and the kept filters are the same everywhere.
"""

from collections.abc import Callable

from django.core.paginator import Page, Paginator
from django.urls import reverse

PAGE_SIZE = 50


def page_for(request, items, *, per_page: int = PAGE_SIZE) -> Page:
    """The requested page of `items` (a queryset or a list); a bad page number gives the
    nearest page, never an error.

    `page.query` is the request's query string without the page number, so the pager's
    links keep the filters the person chose.
    """
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    page.query = query.urlencode()
    return page


def url_maker(name: str, *, sample=2147483647) -> Callable[[object], str]:
    """A function giving `name`'s address for one key, resolved once instead of per row.

    Resolving a pattern costs far more than pasting a key into a known prefix; a list of
    hundreds of rows resolved each row's link separately. `sample` is any valid key of the
    pattern (a UUID for a `<uuid:pk>` one); it must not occur elsewhere in the address.
    """
    marker = str(sample)
    head, tail = reverse(name, args=[sample]).split(marker, 1)
    return lambda pk: f"{head}{pk}{tail}"
