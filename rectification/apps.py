from django.apps import AppConfig


class RectificationConfig(AppConfig):
    """After the meeting: the team's and each member's rectification lists, followed to the
    end — progress with evidence, 销号 by a verifier, 公示, carry-over into next year's
    meeting (seeds 000 §四(三)1–3, 001 §五(二), 002 方案7, 003 §六(三), 004)."""

    name = "rectification"
    verbose_name = "整改落实"

    def ready(self):
        # Each part registers its checklist, work, reminders, blockers, documents and
        # providers from its own phase_*.py module, imported here.
        from . import phase_docs  # noqa: F401
        from . import phase_disclosure  # noqa: F401  公示: the notice, the comments panel, the checklist
        from . import phase_lists  # noqa: F401
        from . import phase_sources  # noqa: F401
        from . import phase_progress  # noqa: F401
        from . import phase_carryover  # noqa: F401
        from . import status  # noqa: F401  its batched status (meetings.status)
        from . import records  # noqa: F401  what the phase hands to the archive (meetings.records)
