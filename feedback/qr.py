"""The public link and its QR code, for the office to print (PNG) or lay out (SVG)."""

import io
import ipaddress
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.urls import reverse

from .models import Solicitation

FORMATS = {"png": "image/png", "svg": "image/svg+xml"}


def public_url(solicitation: Solicitation, request) -> str:
    """The address a phone should open: SITE_URL when set, else the address the office's
    browser reached this server by (`make run PORT=18101` on a LAN address works as is),
    never a guessed default and never an outside service."""
    path = reverse("feedback:public", args=[solicitation.token])
    return f"{settings.SITE_URL}{path}" if settings.SITE_URL else request.build_absolute_uri(path)


def unreachable_reason(url: str) -> str:
    """Why a phone cannot open this address, or "" when it may: a loopback address or
    `localhost` names the phone itself, not this server."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        loopback = True
    else:
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return ""
        loopback = address.is_loopback or address.is_unspecified
    if not loopback:
        return ""
    return (
        f"二维码中的地址 {url} 指向本机（{host}），群众用手机扫码打不开。"
        "请让系统管理员把 SITE_URL 设置为手机可以访问的地址，"
        "或者用本机的局域网地址（如 http://192.168.x.x:端口）打开本系统后再打印。"
    )


def qr_code(url: str, fmt: str) -> bytes:
    # Level M survives a fold or a smudge on a printed notice and stays easy to scan.
    code = segno.make(url, error="m")
    buffer = io.BytesIO()
    if fmt == "png":
        code.save(buffer, kind="png", scale=12, border=2)
    else:
        code.save(buffer, kind="svg", scale=8, border=2, xmldecl=False, title="网上征求意见二维码")
    return buffer.getvalue()
