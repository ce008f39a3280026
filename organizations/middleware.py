"""Every request body is read as UTF-8: bytes that are not UTF-8 never become other text."""

from django.http import QueryDict

FORM = "application/x-www-form-urlencoded"


class Utf8RequestMiddleware:
    """Read every request as UTF-8, the only encoding our pages and forms use.

    Django turns bytes that are not UTF-8 into Latin-1 text in two places: it decodes a
    body in whatever charset its Content-Type names (``charset=iso-8859-1`` from a
    script or an old tool), and it falls back to Latin-1 for a form body whose raw bytes
    are not UTF-8. Either way Chinese is stored as mojibake ("ä¸\\xadæ\\x96\\x87") that
    no check can tell from real text. Read as UTF-8 instead, such bytes become U+FFFD,
    which the shared text check (``organizations.textcheck``) refuses, naming where.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = (request.content_params or {}).get("charset", "")
        if declared and declared.lower().replace("_", "-") not in ("utf-8", "utf8"):
            request.encoding = "utf-8"
        if request.content_type == FORM:
            _decode_form_body_as_utf8(request)
        return self.get_response(request)


def _decode_form_body_as_utf8(request) -> None:
    """Replace Django's Latin-1 fallback for the form body, lazily: the body is read when
    the view reads the form, so its own errors (too big, unreadable) reach the view."""
    load = request._load_post_and_files

    def load_as_utf8():
        load()
        body = getattr(request, "_body", None)
        if body is None:
            return
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            request._post = QueryDict(body.decode("utf-8", errors="replace"), encoding="utf-8")

    request._load_post_and_files = load_as_utf8
