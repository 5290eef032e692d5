"""Forms of a session's breakout rooms and the participants report (the meeting's form is
``common.forms.MeetingJoinForm``)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acompana.common.meetings import validate_join_url
from acompana.training.virtual import MAX_ROOM_NAME, MIN_MINUTES_DEFAULT, REPORT_MAX_BYTES


class RenameRoomForm(forms.Form):
    number = forms.IntegerField(min_value=1, max_value=32767, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Room name"), required=False, max_length=MAX_ROOM_NAME)


class JitsiForm(forms.Form):
    base = forms.URLField(
        label=_("Jitsi server address"),
        max_length=200,
        assume_scheme="https",
        validators=[validate_join_url],
        help_text=_("Your program's own Jitsi server, e.g. https://meet.example.org"),
    )


class ReportForm(forms.Form):
    report = forms.FileField(
        label=_("Participants report"),
        help_text=_("The CSV that Zoom, Google Meet or Microsoft Teams exports (at most 5 MB)."),
    )
    min_minutes = forms.IntegerField(
        label=_("Minimum minutes to count as present"),
        min_value=1,
        max_value=1440,
        initial=MIN_MINUTES_DEFAULT,
    )
    # Columns of a report of another platform (the service refuses a column it lacks).
    name_column = forms.CharField(label=_("Column of the name"), required=False, max_length=100)
    email_column = forms.CharField(label=_("Column of the email"), required=False, max_length=100)
    duration_column = forms.CharField(
        label=_("Column of the minutes"), required=False, max_length=100
    )

    def __init__(self, *args: Any, columns: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *((c, c) for c in (columns or []))]
        for name in ("name_column", "email_column", "duration_column"):
            self.fields[name].widget = (
                forms.Select(choices=choices) if columns else forms.HiddenInput()
            )

    def clean_report(self) -> Any:
        report = self.cleaned_data["report"]
        if report.size > REPORT_MAX_BYTES:
            raise forms.ValidationError(_("The report is too large: at most 5 MB."))
        return report

    def mapping(self) -> dict[str, str] | None:
        data = self.cleaned_data
        if not data.get("name_column") or not data.get("duration_column"):
            return None
        return {
            "name": data["name_column"],
            "email": data.get("email_column") or "",
            "duration": data["duration_column"],
        }
