"""The public 公示 page and its comment form, reached by the link or QR code, no login.

Like the opinion form (feedback/views/public.py) it reads nothing about the person but
what they type; a comment is kept with `anonymity.writes`. Outside the period, or once
withdrawn, the page says so calmly and shows no item (status 200: the link was real; an
unknown token answers 404). What was shown must not linger in a shared cache after a
withdrawal: every answer is `private` and revalidated, a closed one `no-store`.
"""

import logging

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt

from anonymity import throttle
from anonymity.nonce import Nonce, nonce_check, nonce_issue, nonce_release, nonce_use

from ..disclosure import (
    COMMENT_MAX,
    comment_scope,
    comment_submit,
    public_disclosure,
    public_item,
    public_item_pk,
    public_items,
    public_state,
)
from ..disclosure_forms import PublicCommentForm

log = logging.getLogger(__name__)
NOTICES = {
    "too_big": f"提交的内容过大或格式不正确，未能收到。请精简后重新提交（留言最多{COMMENT_MAX}字）。",
    "expired": "页面停留时间较长已失效，您填写的内容仍在下方，请再点一次“提交留言”。",
    "already": "这条留言已经提交过，没有重复记录。如果下方是另一条新的留言，请再点一次“提交留言”。",
    "too_many": "提交过于频繁，请{minutes}分钟后再试。您填写的内容仍在下方，可先复制保存。",
}


def _cache(response, *, open_: bool):
    if open_:
        patch_cache_control(response, private=True, no_cache=True, max_age=0, must_revalidate=True)
    else:
        patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response


def _closed(request, disclosure, reason, status=200):
    return _cache(render(request, "rectification/public_closed.html",
                         {"disclosure": disclosure, "reason": reason}, status=status), open_=False)


def public_page(request, token):
    disclosure = public_disclosure(token)
    if disclosure is None:
        return _closed(request, None, "unknown", status=404)
    state = public_state(disclosure)
    if state != "open":
        return _closed(request, disclosure, state)
    return _cache(render(request, "rectification/public.html", {
        "disclosure": disclosure, "meeting": disclosure.meeting, "items": public_items(disclosure),
    }), open_=True)


@csrf_exempt  # checked in the view, so that a stale page keeps what the person wrote
def comment_form(request, token, key):
    disclosure = public_disclosure(token)
    if disclosure is None:
        return _closed(request, None, "unknown", status=404)
    state = public_state(disclosure)
    if state != "open":
        return _closed(request, disclosure, state)
    item = public_item(disclosure, key) if disclosure.accepts_comments else None
    if item is None:
        return _closed(request, disclosure, "no_item", status=404)
    if request.method != "POST":
        return _page(request, disclosure, item, PublicCommentForm(initial={"nonce": nonce_issue()}))
    return _receive(request, disclosure, item)


def _receive(request, disclosure, item):
    """A comment: read it, count it, check it, keep it once — in that order."""
    try:
        data = request.POST
    except (BadRequest, SuspiciousOperation, MultiPartParserError, UnreadablePostError) as exc:
        log.info("public comment: unreadable post (%s)", exc.__class__.__name__)
        fresh = PublicCommentForm(initial={"nonce": nonce_issue()})
        return _page(request, disclosure, item, fresh, "too_big", status=400)
    nonce = str(data.get("nonce", ""))
    state = nonce_check(nonce)
    shown = data.copy()
    shown["nonce"] = nonce if state == Nonce.VALID else nonce_issue()
    form = PublicCommentForm(shown)

    def refilled():
        return PublicCommentForm(initial={"text": str(shown.get("text", ""))[:5000], "nonce": shown["nonce"]})

    allowed = throttle.submission_allowed(
        request=request, scope=comment_scope(disclosure),
        per_client=settings.FEEDBACK_RATE_PER_CLIENT, per_scope=settings.FEEDBACK_RATE_PER_FORM,
    )
    if not allowed:
        return _page(request, disclosure, item, refilled(), "too_many", status=429)
    if CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is not None:
        return _page(request, disclosure, item, refilled(), "expired", status=403)
    if form.is_bot:  # looks accepted, so the bot learns nothing; nothing is stored
        return redirect("rectification:public_thanks", token=disclosure.token)
    if state == Nonce.USED:
        return _page(request, disclosure, item, refilled(), "already")
    if not form.is_valid():
        return _page(request, disclosure, item, form, status=400)
    if state == Nonce.INVALID:
        return _page(request, disclosure, item, refilled(), "expired", status=400)
    item_pk = public_item_pk(disclosure, item.key)
    if item_pk is None:  # withdrawn from the 公示 while the person was typing
        return _closed(request, disclosure, "no_item", status=404)
    if not nonce_use(nonce):  # a double click that raced the first
        return _page(request, disclosure, item, refilled(), "already")
    try:
        comment_submit(disclosure=disclosure, item_pk=item_pk, text=form.cleaned_data["text"])
    except Exception:
        nonce_release(nonce)
        raise
    return redirect("rectification:public_thanks", token=disclosure.token)


def _page(request, disclosure, item, form, notice="", *, status=200):
    text = NOTICES.get(notice, "").format(minutes=throttle.retry_minutes())
    response = render(request, "rectification/public_comment.html", {
        "disclosure": disclosure, "meeting": disclosure.meeting, "item": item, "form": form, "notice": text,
    }, status=status)
    if status == 429:
        response["Retry-After"] = str(throttle.retry_minutes() * 60)
    return _cache(response, open_=True)


def thanks(request, token):
    disclosure = public_disclosure(token)
    if disclosure is None:
        return _closed(request, None, "unknown", status=404)
    return _cache(render(request, "rectification/public_thanks.html", {
        "disclosure": disclosure, "meeting": disclosure.meeting, "still_open": public_state(disclosure) == "open",
    }), open_=False)
