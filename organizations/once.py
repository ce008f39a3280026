"""Create forms are idempotent: one save per form, however often it is posted.

A create form carries a one-time token (``OnceForm``), issued with the page. Its first
successful save spends the token in the same transaction as the object it creates; a
second post of the same token (Back + save, a double click, a browser retry) creates
nothing and is sent to what the first save made, with a message saying so.

A view uses it in two lines::

    @once_per_token
    def thing_create(request, ...):
        ...
        thing = save_once(request, lambda: services.thing_create(...))

The token is a random value tied to nothing but the post that carries it; a form that
must not link a row to its sender (the public opinion form) needs its own variant.
"""

import functools
import re
import secrets
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.html import format_html

from .models import FormToken

FIELD = "form_token"
MESSAGE = "该记录已保存，未重复创建。"
_VALID = re.compile(r"^[A-Za-z0-9_-]{20,64}$")

T = TypeVar("T")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class TokenInput(forms.HiddenInput):
    """The token, and a second input that brings the spent token back with Back.

    Going Back to a form, the browser loads the page anew (a fresh token) and then
    restores the fields the person changed; it never restores a ``type=hidden`` input,
    nor one still holding the value the page came with. So a hidden text input starts
    empty and the page's script copies the token into it (static/js/forms.js): restored
    on Back, it carries the spent token, and the second save is recognised. Without
    script the plain hidden token still stops a double click or a retried post.
    """

    def render(self, name, value, attrs=None, renderer=None):
        # An id only when the form gives one: a page with many hand-written forms (one
        # comment box per section) must not repeat it.
        element_id = self.build_attrs(self.attrs, attrs).get("id")
        return format_html(
            '<input type="hidden" name="{}" value="{}"{}>'
            '<input type="text" name="{}_back" value="" data-form-token="{}" hidden>',
            name, value or "", format_html(' id="{}"', element_id) if element_id else "", name, value or "",
        )


class OnceForm(forms.Form):
    """Mix into a create form: it then carries its one-time token as a hidden field."""

    form_token = forms.CharField(widget=TokenInput, required=False, initial=new_token)

    def clean(self):
        # The token is the view's business (read from the post by ``save_once``), not the
        # service's: the cleaned data a view passes on stays what the form is about.
        data = super().clean()
        data.pop(FIELD, None)
        return data


class Resubmitted(Exception):
    """The token was spent by an earlier save; ``url`` is what that save created."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


def _posted_token(request) -> str | None:
    """The token the page was first loaded with: the one the browser restored on Back,
    else the one in the page."""
    if request.method != "POST":
        return None
    for token in (request.POST.get(f"{FIELD}_back", ""), request.POST.get(FIELD, "")):
        if _VALID.match(token):
            return token
    return None


def _spent(token: str) -> FormToken | None:
    return FormToken.objects.filter(token=token).first()


def _resubmitted_response(request, url: str):
    messages.info(request, MESSAGE)
    return redirect(url or "/")


def save_once(request, save: Callable[[], T], *, url: Callable[[T], str] | None = None) -> T:
    """Run ``save()`` and spend the posted token with it, atomically.

    Raises ``Resubmitted`` when another post of the same token got there first (the two
    posts race: the unique token makes the second wait for the first and then fail).
    A post without a token (a script, a page from before tokens) is saved unguarded.
    """
    token = _posted_token(request)
    if token is None:
        return save()
    user = request.user if request.user.is_authenticated else None
    try:
        with transaction.atomic():
            record = FormToken.objects.create(token=token, user=user)
            obj = save()
            record.url = url(obj) if url else obj.get_absolute_url()
            record.save(update_fields=["url"])
    except IntegrityError:
        earlier = _spent(token)
        if earlier is None:
            raise  # not our token's constraint: a real error of the save itself
        # another person's token (it cannot be guessed, but still): never show their address
        mine = earlier.user_id in (None, getattr(user, "pk", None))
        raise Resubmitted(earlier.url if mine else "") from None
    return obj


def once_per_token(view):
    """Send a post whose token is already spent to what it created, before the view runs."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        token = _posted_token(request)
        if token:
            earlier = _spent(token)
            if earlier is not None and earlier.user_id in (None, request.user.pk):
                return _resubmitted_response(request, earlier.url)
        try:
            return view(request, *args, **kwargs)
        except Resubmitted as exc:
            return _resubmitted_response(request, exc.url)

    wrapper.spends_form_token = True  # what the test of every create view looks for
    return wrapper


# A spent token only has to outlive the page it was issued with: Back + save days later
# is not a slip of the hand. Spent tokens older than this are purged daily.
KEEP_SPENT_DAYS = 30


def form_tokens_purge(*, now=None) -> int:
    """Delete spent tokens older than KEEP_SPENT_DAYS; how many went."""
    from datetime import timedelta

    from django.utils import timezone

    cutoff = (now or timezone.now()) - timedelta(days=KEEP_SPENT_DAYS)
    deleted, _ = FormToken.objects.filter(created_at__lt=cutoff).delete()
    return deleted
