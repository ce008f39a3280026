"""Every request body is read as UTF-8, whatever charset the client declares."""


class Utf8RequestMiddleware:
    """Read every request as UTF-8, the only encoding our pages and forms use.

    Django decodes a body in the charset its Content-Type names: a client that declares
    ``charset=iso-8859-1`` (a script, an old tool, a hand-made post) gets any bytes accepted
    as Latin-1, and Chinese text is stored as mojibake ("ä¸\xadæ\x96\x87") that no check can
    tell from real text. Read as UTF-8, bytes that are not UTF-8 become U+FFFD, which the
    shared text check (``organizations.textcheck``) refuses with a message naming where.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = (request.content_params or {}).get("charset", "")
        if declared and declared.lower().replace("_", "-") not in ("utf-8", "utf8"):
            request.encoding = "utf-8"
        return self.get_response(request)
