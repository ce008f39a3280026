"""What the 公示 contributes: the printable notice (PDF in the GB/T 9704 layout and Word),
the public's comments beside an item for the office and the secretary, and a line of
the meeting's checklist."""

import base64

from django.urls import reverse
from django.utils import timezone

from documents.content import Image, OfficialDocument, Paragraph, Table
from documents.dating import document_day
from documents.registry import DocumentType, register
from feedback import qr
from meetings.access import Role
from meetings.models import Meeting
from meetings.progress import ChecklistItem, register_checklist
from organizations.dateorder import day_text

from .disclosure import comments_flush_due, disclosure_state, public_items
from .models import Disclosure, PublicComment
from .panels import register_item_panel
from .views.disclosure import get_disclosure_for_user, public_url


def disclosure_notice(disclosure: Disclosure) -> OfficialDocument:
    """The notice to print and put up: the period, the items, where to say something, the
    QR code of the public page. Only what the public page shows, so nothing internal."""
    meeting = disclosure.meeting
    org = meeting.organization
    items = public_items(disclosure)
    period = f"{day_text(disclosure.starts_on)}至{day_text(disclosure.ends_on)}"
    blocks = [Paragraph(disclosure.intro.strip() or (
        f"为接受党员群众监督，现将{org.display_name}{meeting.year}年度{meeting.get_kind_display()}"
        f"查摆问题中群众普遍关心问题的整改落实情况予以公示。"
    ))]
    blocks.append(Paragraph(f"公示时间：{period}。公示的整改事项如下："))
    blocks.append(Table(
        headers=["序号", "问题", "整改措施", "完成时限", "责任人", "状态"],
        rows=[
            [str(i.number), i.problem, "；".join(m.content for m in i.measures) or i.target, i.deadline,
             "，".join(filter(None, [i.responsible, i.department])), i.status]
            for i in items
        ],
        widths=[7, 25, 27, 14, 14, 13],
    ))
    how = "公示期间，如有意见建议，"
    if disclosure.contact:
        how += f"请通过以下方式反映：{disclosure.contact}。"
    else:
        how += "可通过适当方式向本单位反映。"
    if disclosure.accepts_comments:
        how += "也可用手机扫描下方二维码，查看整改情况并留言（可匿名）。"
    blocks.append(Paragraph(how))
    url = public_url(disclosure)
    png = qr.qr_code(url, "png")
    blocks.append(Image(base64.b64encode(png).decode("ascii"), width_mm=30, caption=f"扫码查看整改公示：{url}"))
    title = disclosure.title or f"{org.display_name}{meeting.year}年度整改落实情况公示"
    # Dated the day it was published (a draft printed before: today).
    day = timezone.localdate(disclosure.published_at) if disclosure.published_at else document_day()
    return OfficialDocument(title=title, blocks=blocks, signature=[org.name, day_text(day)])


register(DocumentType(kind="disclosure_notice", label="整改公示", build=disclosure_notice,
                      get_for_user=get_disclosure_for_user))


@register_item_panel("rectification/_comments_panel.html", order=300)
def comments_panel(item, access, request):
    """The public's comments beside the item: the office's and the secretary's only."""
    if not (access.meeting.is_office or access.meeting.is_secretary):
        return None
    disclosure = Disclosure.objects.filter(meeting_id=item.rectification_list.meeting_id).first()
    if disclosure is None and not item.disclosed:
        return None
    comments_flush_due(disclosure)
    return {
        "comments": list(PublicComment.objects.filter(item=item).order_by("received_on", "text")),
        "can_take": access.meeting.is_office,
        "next": request.get_full_path() if request is not None else "",
    }


def _disclosure_url(meeting: Meeting) -> str:
    return reverse("rectification:disclosure", args=[meeting.pk])


# No section link: the 公示 page is the office's and the secretary's; the line links it for the office.
@register_checklist("整改公示", order=96, key="disclosure",
                    detail_readers=(Role.OFFICE, Role.SECRETARY, Role.SUPERVISOR))
def disclosure_progress(meeting: Meeting):
    disclosure = Disclosure.objects.filter(meeting=meeting).first()
    url = _disclosure_url(meeting)
    state = disclosure_state(disclosure)
    period = f"{day_text(disclosure.starts_on)}至{day_text(disclosure.ends_on)}" if disclosure else ""
    yield ChecklistItem("整改公示已发布", state == "published", period if state == "published" else "", url,
                        url_for_office=True)
