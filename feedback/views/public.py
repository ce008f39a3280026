"""The public form, reached by the link or QR code, with no login.

It reads nothing about the person but what they type: no user, no session. Whatever is
posted — empty, too large, badly encoded, extra fields, a flood — gets a page that says
what to do, never a server error, and what was typed is shown again so nobody loses it.
"""

import logging

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from anonymity import throttle
from anonymity.nonce import Nonce, nonce_check, nonce_issue, nonce_release, nonce_use

from .. import services
from ..forms import PublicOpinionForm
from ..selectors import public_choices, public_form_state, public_solicitation

log = logging.getLogger(__name__)
NOTICES = {
    "too_big": "提交的内容过大或格式不正确，未能收到。请精简后重新提交（意见建议最多2000字）。",
    "expired": "页面停留时间较长已失效，您填写的内容仍在下方，请再点一次“提交”。",
    "already": "这一页的意见已经提交过，没有重复记录。如果下方是另一条新的意见，请再点一次“提交”。",
    "too_many": "提交过于频繁，请{minutes}分钟后再试。您填写的内容仍在下方，可先复制保存。",
}


class _CsrfCheck(CsrfViewMiddleware):
    """Django's own CSRF check, asked by the view (see `opinion_form`), built once per
    process: its trusted origins are parsed from the settings once per instance, and a
    browser's post carries an Origin header, so a new instance per submission parsed them
    at every one. Forgets them when a test changes the settings they come from."""

    def __init__(self):
        super().__init__(lambda request: None)

    def rejects(self, request) -> bool:
        return self.process_view(request, None, (), {}) is not None


_csrf = _CsrfCheck()


@receiver(setting_changed)
def _renew_csrf_check(*, setting, **kwargs):
    global _csrf
    if setting.startswith("CSRF_"):
        _csrf = _CsrfCheck()


@csrf_exempt  # checked in the view, so that a stale page keeps what the person wrote
def opinion_form(request, token):
    response = _opinion_form(request, token)
    # Not `no-store`: a browser may then restore the page itself on Back (bfcache). Where it
    # fetches the page again instead, it restores what was typed, and the nonce with it
    # (see PublicOpinionForm.nonce). `private` keeps the page out of shared caches.
    patch_cache_control(response, private=True, no_cache=True, max_age=0, must_revalidate=True)
    return response


def _opinion_form(request, token):
    solicitation = public_solicitation(token)
    if solicitation is None:
        return render(request, "feedback/public_closed.html", {"reason": "unknown"}, status=404)
    state = public_form_state(solicitation)
    if state != "open":
        return render(
            request, "feedback/public_closed.html", {"solicitation": solicitation, "reason": state}
        )
    if request.method != "POST":
        fresh = PublicOpinionForm(initial={"nonce": nonce_issue()}, **public_choices(solicitation.meeting))
        return _page(request, solicitation, fresh)
    return _receive(request, solicitation)


def _receive(request, solicitation):
    """A submission: read it, count it, check it, keep it once — in that order."""
    meeting = solicitation.meeting
    try:
        data = request.POST
    except (BadRequest, SuspiciousOperation, MultiPartParserError, UnreadablePostError) as exc:
        log.info("public opinion form: unreadable post (%s)", exc.__class__.__name__)
        fresh = PublicOpinionForm(initial={"nonce": nonce_issue()}, **public_choices(meeting))
        return _page(request, solicitation, fresh, "too_big", status=400)
    nonce = str(data.get("nonce", ""))
    state = nonce_check(nonce)
    # The page shown again keeps its nonce while that has let nothing through; a missing,
    # forged, expired or used one is replaced, so the next 提交 is judged afresh.
    shown = data.copy()
    shown["nonce"] = nonce if state == Nonce.VALID else nonce_issue()
    # Judged against only the choices it names (see public_choices): one query at most.
    form = PublicOpinionForm(shown, **public_choices(meeting, shown))

    def refilled():
        # The words shown again without judging them: the problem was not the words. Built
        # only on the way out with a notice (an accepted submission never needs it).
        return PublicOpinionForm(initial=_typed(shown), **public_choices(meeting))

    allowed = throttle.submission_allowed(
        request=request,
        scope=services.online_scope(solicitation),
        per_client=settings.FEEDBACK_RATE_PER_CLIENT,
        per_scope=settings.FEEDBACK_RATE_PER_FORM,
    )
    if not allowed:
        return _page(request, solicitation, refilled(), "too_many", status=429)
    if _csrf.rejects(request):
        return _page(request, solicitation, refilled(), "expired", status=403)
    if form.is_bot:  # looks accepted, so the bot learns nothing; nothing is stored
        return redirect("feedback:public_thanks", token=solicitation.token)
    if state == Nonce.USED:
        # Back + 提交: this page's opinion is already in. Say so and keep the words with a
        # fresh nonce: if they are a new opinion typed over the old, one more 提交 sends it.
        return _page(request, solicitation, refilled(), "already")
    if not form.is_valid():
        # Shown again with every choice, its errors judged the same way.
        form = PublicOpinionForm(shown, **public_choices(meeting))
        form.is_valid()
        return _page(request, solicitation, form, status=400)
    if state == Nonce.INVALID:
        return _page(request, solicitation, refilled(), "expired", status=400)
    if not nonce_use(nonce):  # a double click that raced the first
        return _page(request, solicitation, refilled(), "already")
    try:
        services.opinion_submit(solicitation=solicitation, **form.submission())
    except Exception:
        nonce_release(nonce)
        raise
    return redirect("feedback:public_thanks", token=solicitation.token)


def _typed(data) -> dict:
    fields = ("target", "aspect", "content", "source", "sender_name", "sender_contact", "nonce")
    return {name: str(data.get(name, ""))[:5000] for name in fields if name in data}


def _page(request, solicitation, form, notice="", *, status=200):
    text = NOTICES.get(notice, "").format(minutes=throttle.retry_minutes())
    response = render(
        request,
        "feedback/public_form.html",
        {"solicitation": solicitation, "meeting": solicitation.meeting, "form": form, "notice": text},
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(throttle.retry_minutes() * 60)
    return response


@never_cache
def thanks(request, token):
    solicitation = public_solicitation(token)
    if solicitation is None:
        return render(request, "feedback/public_closed.html", {"reason": "unknown"}, status=404)
    return render(
        request,
        "feedback/public_thanks.html",
        {"solicitation": solicitation, "meeting": solicitation.meeting,
         "still_open": public_form_state(solicitation) == "open"},
    )
