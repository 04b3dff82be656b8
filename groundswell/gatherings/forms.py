"""Forms for organising gatherings: they check input; the actions apply the rules and write."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from groundswell.communities.models import MembershipStatus
from groundswell.gatherings.models import (
    ActionStatus,
    AgendaItem,
    Confidentiality,
    Element,
    Format,
    Gathering,
    HarvestNote,
    Invitee,
    Level,
    Registration,
    Series,
)
from groundswell.lib.widgets import Select
from groundswell.people.models import Person

DEFAULT_TIME_ZONE = "Europe/London"
OPTIONAL_LINK_HELP = "Shown only to people who have registered, and to organisers."


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}), help_text="For example 2026-07-15"
    )


def _time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), help_text="For example 10:00"
    )


def local_moment(day: datetime.date, time: datetime.time, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    """Build an aware moment from a local date and wall-clock time; refuse times the clocks skip."""
    moment = datetime.datetime.combine(day, time).replace(tzinfo=zone)
    round_trip = moment.astimezone(datetime.UTC).astimezone(zone)
    if round_trip.replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise ValidationError("That time does not exist on that day: the clocks go forward.")
    return moment


class WhenForm(forms.Form):
    """A local date, start and end time and a time zone, cleaned into aware ``starts_at``/``ends_at``."""

    date = _date_field("Date")
    start_time = _time_field("Start time")
    end_time = _time_field("End time")
    time_zone = forms.CharField(
        max_length=64,
        initial=DEFAULT_TIME_ZONE,
        help_text="An IANA time zone name, for example Europe/London or Europe/Dublin.",
    )

    # Days from the start date to the end date: a gathering over several days keeps its span.
    extra_days = 0

    def clean_time_zone(self) -> str:
        name: str = self.cleaned_data["time_zone"].strip()
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValidationError("Enter a time zone such as Europe/London.") from exc
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end, name = (data.get(k) for k in ("date", "start_time", "end_time", "time_zone"))
        if day is None or start is None or end is None or not name:
            return data
        zone = zoneinfo.ZoneInfo(name)
        try:
            data["starts_at"] = local_moment(day, start, zone)
        except ValidationError as error:
            self.add_error("start_time", error)
            return data
        try:
            data["ends_at"] = local_moment(day + datetime.timedelta(days=self.extra_days), end, zone)
        except ValidationError as error:
            self.add_error("end_time", error)
            return data
        if data["ends_at"] <= data["starts_at"]:
            self.add_error("end_time", "The end time must be after the start time.")
        return data


class _PlaceFields(forms.Form):
    format = forms.ChoiceField(choices=Format.choices, initial=Format.IN_PERSON, widget=forms.RadioSelect)
    place = forms.CharField(required=False, max_length=300, help_text=OPTIONAL_LINK_HELP)
    joining_link = forms.URLField(required=False, assume_scheme="https", help_text=OPTIONAL_LINK_HELP)
    capacity = forms.IntegerField(required=False, min_value=1, max_value=100_000, help_text="Leave empty for no limit.")


class GatheringForm(WhenForm, _PlaceFields):
    title = forms.CharField(max_length=160)
    purpose = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    theme = forms.CharField(required=False, max_length=200)
    confidentiality = forms.ChoiceField(
        choices=Confidentiality.choices,
        initial=Confidentiality.COMMUNITY,
        widget=forms.RadioSelect,
        help_text="A confidential community's gatherings always keep names in the room.",
    )

    field_order = [
        "title", "purpose", "theme", "format", "date", "start_time", "end_time", "time_zone",
        "place", "joining_link", "capacity", "confidentiality",
    ]  # fmt: skip

    def action_kwargs(self) -> dict[str, Any]:
        """The keyword arguments for actions.schedule_gathering."""
        data = self.cleaned_data
        keys = ["title", "purpose", "theme", "format", "starts_at", "ends_at", "time_zone", "place"]
        kwargs = {key: data[key] for key in keys}
        kwargs.update(joining_link=data["joining_link"] or "", capacity=data["capacity"])
        kwargs["confidentiality"] = data["confidentiality"]
        return kwargs


class SeriesForm(WhenForm, _PlaceFields):
    title = forms.CharField(max_length=160, help_text="Each meeting is called this, followed by its number.")
    purpose = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    every_months = forms.IntegerField(label="Meet every (months)", min_value=1, max_value=24, initial=2)
    meetings = forms.IntegerField(label="Number of meetings", min_value=1, max_value=52, initial=6)

    field_order = [
        "title", "purpose", "date", "start_time", "end_time", "time_zone", "every_months", "meetings",
        "format", "place", "joining_link", "capacity",
    ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].label = "Date of the first meeting"

    def action_kwargs(self) -> dict[str, Any]:
        """The keyword arguments for actions.schedule_series."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "purpose": data["purpose"],
            "first_starts_at": data["starts_at"],
            "duration": data["ends_at"] - data["starts_at"],
            "every_months": data["every_months"],
            "meetings": data["meetings"],
            "time_zone": data["time_zone"],
            "format": data["format"],
            "place": data["place"],
            "joining_link": data["joining_link"] or "",
            "capacity": data["capacity"],
        }


class CancelForm(forms.Form):
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Everyone invited sees this reason, and calendars show the gathering as cancelled.",
    )


INVITEE_CHOICES = [(k, Invitee(k).label) for k in (Invitee.THEME_GUEST, Invitee.LOCAL_OTHER, Invitee.MEMBER)]


class InviteForm(forms.Form):
    email = forms.EmailField(help_text="They do not need an account to be invited.")
    name = forms.CharField(required=False, max_length=120)
    invitee = forms.ChoiceField(
        label="Invited as", choices=INVITEE_CHOICES, initial=Invitee.THEME_GUEST, widget=forms.RadioSelect
    )


class AttendanceForm(forms.Form):
    came = forms.TypedMultipleChoiceField(
        label="Who came",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick everyone who came. People with a place who are not ticked are recorded as absent.",
    )

    def __init__(self, *args: Any, registrations: Iterable[Registration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["came"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(r.pk, f"{r.name or r.email} ({r.get_status_display().lower()})") for r in registrations]


class AgendaItemForm(forms.Form):
    title = forms.CharField(max_length=200)
    element = forms.ChoiceField(label="Design element", choices=Element.choices, widget=Select)
    minutes = forms.IntegerField(min_value=1, max_value=600, initial=30)
    lead_name = forms.CharField(label="Lead", required=False, max_length=120)
    pre_reads = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Links to read beforehand, one a line.",
    )


class PreReadForm(forms.Form):
    item = forms.ModelChoiceField(label="Agenda item", queryset=AgendaItem.objects.none(), widget=Select)
    file = forms.FileField(
        label="Document", help_text="PDF, Word, PowerPoint, Excel, OpenDocument or text, up to 20 MB."
    )
    pre_read_title = forms.CharField(
        label="Title", required=False, max_length=200, help_text="Leave empty to use the file's name."
    )

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = items


class MoveForm(forms.Form):
    item = forms.IntegerField()
    direction = forms.ChoiceField(choices=[("up", "Move up"), ("down", "Move down")])


class NoteForm(forms.Form):
    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), required=False, empty_label="Not about one agenda item", widget=Select
    )
    group = forms.CharField(required=False, max_length=120, help_text="The breakout, table or session.")
    what_we_heard = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    evidence = forms.CharField(
        label="Evidence or example", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    where = forms.CharField(required=False, max_length=200)
    who_is_affected = forms.CharField(required=False, max_length=300)
    urgency = forms.ChoiceField(choices=Level.choices, initial=Level.MEDIUM, widget=forms.RadioSelect)
    confidence = forms.ChoiceField(choices=Level.choices, initial=Level.MEDIUM, widget=forms.RadioSelect)

    field_order = [
        "group", "agenda_item", "what_we_heard", "evidence", "where", "who_is_affected", "urgency", "confidence",
    ]  # fmt: skip

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agenda_item"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = items


class ActionForm(forms.Form):
    title = forms.CharField(label="What is the action?", max_length=300)
    owner_name = forms.CharField(label="Who owns it?", required=False, max_length=120)
    due_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label="Message for the centre",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A key message this gathering wants the national team to hear.",
    )


class MemberChoiceField(forms.ModelMultipleChoiceField[Person]):
    """Members of the community, listed by name, as checkboxes."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class GatheringEditForm(GatheringForm):
    """The planning form, filled in from the gathering, plus its facilitators."""

    facilitators = MemberChoiceField(
        queryset=Person.objects.none(),
        required=False,
        help_text="Facilitators organise this gathering with the convenors: they can edit it, see access needs "
        "and download the attendee list.",
    )

    def __init__(self, *args: Any, gathering: Gathering, **kwargs: Any) -> None:
        zone = zoneinfo.ZoneInfo(gathering.time_zone)
        starts, ends = gathering.starts_at.astimezone(zone), gathering.ends_at.astimezone(zone)
        initial = {
            name: getattr(gathering, name)
            for name in ("title", "purpose", "theme", "format", "time_zone", "place", "joining_link", "capacity")
        }
        initial.update(
            date=starts.date(),
            start_time=starts.time(),
            end_time=ends.time(),
            confidentiality=gathering.confidentiality,
            facilitators=list(gathering.facilitators.values_list("pk", flat=True)),
        )
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        field = self.fields["facilitators"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = community_members(gathering.community_id)
        self.extra_days = (ends.date() - starts.date()).days
        if self.extra_days:
            self.fields["date"].label = "First day"
            self.fields[
                "date"
            ].help_text = f"The gathering lasts {self.extra_days + 1} days; the end time is on the last day."

    def action_kwargs(self) -> dict[str, Any]:
        """The keyword arguments for actions.update_gathering."""
        return {**super().action_kwargs(), "facilitators": list(self.cleaned_data["facilitators"])}


class SeriesEditForm(forms.Form):
    title = forms.CharField(max_length=160)
    purpose = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    roster = MemberChoiceField(
        label="Core roster",
        queryset=Person.objects.none(),
        required=False,
        help_text="Invited to every meeting still to come. Taking someone off withdraws only the invitations "
        "they have not answered.",
    )

    def __init__(self, *args: Any, series: Series, **kwargs: Any) -> None:
        initial = {
            "title": series.title,
            "purpose": series.purpose,
            "roster": list(series.core_roster.values_list("pk", flat=True)),
        }
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        field = self.fields["roster"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = community_members(series.community_id)


class PhotoForm(forms.Form):
    photo = forms.FileField(
        help_text="A JPEG, PNG or WebP photo, up to 15 MB. We remove its location and camera details."
    )
    alt_text = forms.CharField(
        label="Describe the photo",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For people who cannot see it: say what the flip chart says, not what it looks like.",
    )
    caption = forms.CharField(required=False, max_length=300)
    note = forms.ModelChoiceField(
        label="Which notes is it part of?",
        queryset=HarvestNote.objects.none(),
        required=False,
        empty_label="None in particular",
        widget=Select,
    )

    def __init__(self, *args: Any, gathering: Gathering, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["note"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = gathering.notes.order_by("created_at", "id")
        field.label_from_instance = _note_label  # type: ignore[method-assign,assignment]


def _note_label(note: HarvestNote) -> str:
    return note.group or str(note)


def community_members(community_id: int) -> Any:
    """Active members of a community, by name, for choosing facilitators or a roster."""
    return Person.objects.filter(
        memberships__community_id=community_id, memberships__status=MembershipStatus.ACTIVE
    ).order_by("display_name", "id")
