"""The input of meeting mode: a press from the recorder's page (JSON) or from the plain
form of the page without JavaScript."""

from datetime import UTC, datetime, timedelta

from django import forms
from django.utils import timezone

from .mode import EventData
from .mode_replay import Move

# A page's clock is moved onto the server's when it loads; a time further off than this
# is not a press of this meeting day.
PLAUSIBLE = timedelta(hours=12)


class PressForm(forms.Form):
    """A press made without JavaScript: the server's clock gives its time."""

    id = forms.UUIDField()
    move = forms.ChoiceField(choices=Move.CHOICES)
    slot = forms.IntegerField(min_value=1)

    def event(self, at=None) -> EventData:
        data = self.cleaned_data
        return EventData(client_id=data["id"], move=data["move"], slot=data["slot"], at=at or timezone.now())


class PageEventForm(PressForm):
    """A press sent by the recorder's page: its own time, in milliseconds since 1970 on
    the server's clock, and its number on that page."""

    at = forms.IntegerField(min_value=0, max_value=2**45)
    seq = forms.IntegerField(min_value=0, required=False)

    def clean_at(self):
        at = datetime.fromtimestamp(self.cleaned_data["at"] / 1000, tz=UTC)
        if abs(at - timezone.now()) > PLAUSIBLE:
            raise forms.ValidationError("本机时间与服务器相差过大，这条记录未予记录。")
        return at

    def event(self, at=None) -> EventData:
        data = self.cleaned_data
        return EventData(client_id=data["id"], move=data["move"], slot=data["slot"], at=data["at"],
                         seq=data.get("seq") or 0)
