"""The Chinese error pages, in every mode.

With DEBUG on, Django answers an unknown address with its English technical 404 page and
an exception with its traceback page (settings, code, the request's data); the demo runs
with DEBUG on (`make run`) and office workers use it. They get the same pages as in
production: templates/404.html, 400.html, 500.html. The developer still finds the
traceback where Django logs it (the console), as every exception is logged before this
middleware swaps the page. A 403 needs nothing here: Django renders 403.html in every
mode; a CSRF failure renders 403_csrf.html (Django's default template name). An htmx
request refused (an archived meeting, a wrong role) gets the message alone, put in the
page's alert region (base.html) instead of a whole page nobody would see.
"""

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import Http404
from django.shortcuts import render
from django.views import defaults


class ChineseErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def process_exception(self, request, exception):
        # Only note it: Django must still log it and signal it (the test client re-raises).
        request._error_page_exception = exception

    def __call__(self, request):
        response = self.get_response(request)
        if not settings.DEBUG:
            return response
        exception = getattr(request, "_error_page_exception", None)
        if exception is None:
            # An address no pattern matched: no view ran, so no exception was noted.
            if response.status_code == 404 and getattr(request, "resolver_match", None) is None:
                return defaults.page_not_found(request, Http404())
            return response
        if isinstance(exception, Http404):
            return defaults.page_not_found(request, exception)
        if isinstance(exception, (BadRequest, SuspiciousOperation)):
            return defaults.bad_request(request, exception)
        if response.status_code >= 500:
            return defaults.server_error(request)
        return response


def permission_denied(request, exception):
    """handler403: the 403 page, or for htmx the message put in the page's alert region.

    The htmx answer is a 200, as the project's other htmx errors are: htmx swaps no 4xx, and
    with DEBUG on django-htmx would replace the whole document with a 403's body."""
    if getattr(request, "htmx", False):
        message = str(exception) or "您的角色无权进行此操作。"
        response = render(request, "_refusal.html", {"message": message})
        response["HX-Retarget"] = "#page-alert"
        response["HX-Reswap"] = "innerHTML"
        return response
    return defaults.permission_denied(request, exception)
