from .imports import import_template, opinion_import
from .office import link_action, meeting_home, overview, poster, qr_code, solicitation_setup
from .public import opinion_form, thanks
from .report import my_feedback, release, summary
from .sorting import opinion_bulk, opinion_detail, opinion_list, opinion_new

__all__ = [
    "import_template", "opinion_import", "link_action", "meeting_home", "overview", "poster",
    "qr_code", "solicitation_setup", "opinion_form", "thanks", "my_feedback", "release", "summary",
    "opinion_bulk", "opinion_detail", "opinion_list", "opinion_new",
]
