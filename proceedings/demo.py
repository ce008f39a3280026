"""The meeting's demo data (meetings.progress.register_demo), one builder per part."""

from meetings.progress import register_demo


@register_demo(order=60)
def preparation_demo(context: dict) -> None:
    """The current gov meeting gets its preparation report compiled and its application
    filled from the plan, ready for the office to edit and send (召开准备)."""
    from .convening import application_initial, application_save
    from .models import PreparationReport
    from .preparation import report_compile

    meeting, office = context["gov_meeting"], context["users"]["office"]
    if PreparationReport.objects.filter(meeting=meeting).exists():
        return
    report_compile(meeting=meeting, actor=office)
    initial = application_initial(meeting)
    application_save(
        meeting=meeting,
        version=None,
        actor=office,
        proposed_at=initial["proposed_at"],
        place=initial["place"],
        attendees=initial["attendees"],
        agenda=initial["agenda"],
        lead_days=initial["lead_days"],
    )
