"""The public link and its QR code, for the office to print (PNG) or lay out (SVG)."""

import io

import segno
from django.conf import settings
from django.urls import reverse

from .models import Solicitation

FORMATS = {"png": "image/png", "svg": "image/svg+xml"}


def public_url(solicitation: Solicitation) -> str:
    """The address people reach the site at (SITE_URL), never an outside service."""
    return f"{settings.SITE_URL}{reverse('feedback:public', args=[solicitation.token])}"


def qr_code(solicitation: Solicitation, fmt: str) -> bytes:
    # Level M survives a fold or a smudge on a printed notice and stays easy to scan.
    code = segno.make(public_url(solicitation), error="m")
    buffer = io.BytesIO()
    if fmt == "png":
        code.save(buffer, kind="png", scale=12, border=2)
    else:
        code.save(buffer, kind="svg", scale=8, border=2, xmldecl=False, title="网上征求意见二维码")
    return buffer.getvalue()
