"""Sending notifications: to the inbox always, by e-mail where the person has an address."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification

log = logging.getLogger(__name__)


def notify(
    *, recipients: Iterable, title: str, body: str = "", url: str = "", dedupe_key: str | None = None
) -> list[Notification]:
    """Put a message in each recipient's inbox and e-mail it; return the ones created.

    With a dedupe_key, a recipient who already has that key gets nothing new.
    """
    created = []
    seen = set()
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        recipient=user, title=title, body=body, url=url, dedupe_key=dedupe_key
                    )
                )
        except IntegrityError:
            continue  # already sent under this key
    mails = [
        (title, _mail_body(body, url), settings.DEFAULT_FROM_EMAIL, [n.recipient.email])
        for n in created
        if n.recipient.email
    ]
    if mails:
        transaction.on_commit(lambda: _send_mails(mails))
    return created


def _mail_body(body: str, url: str) -> str:
    # SITE_URL is required in production (config/settings.py). Only in DEBUG can it be
    # empty, and then the mail carries the path: no guessed host that would lead nowhere.
    link = f"{settings.SITE_URL}{url}" if url.startswith("/") else url
    return f"{body}\n\n{link}".strip()


def _send_mails(mails) -> None:
    try:
        send_mass_mail(mails, fail_silently=False)
    except OSError:
        # The inbox already holds the message; a mail server that is down must not
        # undo the work that triggered the notification.
        log.exception("sending %d notification e-mails failed", len(mails))


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
