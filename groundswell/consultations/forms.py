"""Forms for asks, insights, syntheses and responses: they check input; the actions apply the rules."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from groundswell.communities.models import Community
from groundswell.consultations.models import ResponseStatus, Sector, Theme, Voice
from groundswell.gatherings.models import Gathering, Level, Series
from groundswell.lib.api import MAX_ID
from groundswell.lib.widgets import Select
from groundswell.people.models import Profession, Region

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DOCUMENT_EXTENSIONS = frozenset(
    {".pdf", ".doc", ".docx", ".odt", ".rtf", ".txt", ".ppt", ".pptx", ".odp", ".xls", ".xlsx", ".ods", ".csv",
     ".png", ".jpg", ".jpeg"}
)  # fmt: skip
MAX_QUESTIONS = 12


def _date_field(label: str, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=f"{help_text} For example 2026-07-15".strip(),
    )


def _checked_upload(upload: UploadedFile[Any] | None) -> UploadedFile[Any] | None:
    if upload is None:
        return None
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError("The file is larger than 20 MB.")
    if os.path.splitext(upload.name or "")[1].lower() not in DOCUMENT_EXTENSIONS:
        raise ValidationError("Upload a document, spreadsheet, slides, PDF or image (for example .pdf or .docx).")
    return upload


class AskForm(forms.Form):
    title = forms.CharField(max_length=200)
    context = forms.CharField(
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Why you are asking, and what you will do with the answers.",
    )
    questions = forms.CharField(
        label="Questions",
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"One question a line, at most {MAX_QUESTIONS}.",
        error_messages={"required": "Ask at least one question."},
    )
    guidance = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How to answer: what is most useful to you.",
    )
    deadline = _date_field("Deadline for answers")
    anonymity_allowed = forms.BooleanField(
        label="People may answer anonymously", required=False, initial=True,
        help_text="Anonymous answers keep no trace of who gave them.",
    )  # fmt: skip
    response_days = forms.IntegerField(
        label="Days to respond",
        min_value=1,
        max_value=365,
        initial=30,
        help_text="How long you give yourselves to answer each theme once the synthesis is published.",
    )
    communities = forms.ModelMultipleChoiceField(
        label="Communities to ask",
        queryset=Community.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Communities where you are the centre.",
    )
    series = forms.ModelMultipleChoiceField(
        label="Meeting series to ask",
        queryset=Series.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The ask goes to the series' community and can be put on its meetings' agendas.",
    )

    def __init__(self, *args: Any, communities: Any = None, series: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if communities is None:
            del self.fields["communities"]
            del self.fields["series"]
            return
        community_field = self.fields["communities"]
        series_field = self.fields["series"]
        assert isinstance(community_field, forms.ModelMultipleChoiceField)
        assert isinstance(series_field, forms.ModelMultipleChoiceField)
        community_field.queryset = communities
        series_field.queryset = series
        if not series.exists():
            del self.fields["series"]

    def clean_questions(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()]
        if not lines:
            raise ValidationError("Ask at least one question.")
        if len(lines) > MAX_QUESTIONS:
            raise ValidationError(f"Ask at most {MAX_QUESTIONS} questions.")
        if any(len(line) > 500 for line in lines):
            raise ValidationError("Keep each question under 500 characters.")
        return lines

    def clean_deadline(self) -> datetime.date:
        deadline: datetime.date = self.cleaned_data["deadline"]
        if deadline < timezone.localdate() and "deadline" in self.changed_data:
            raise ValidationError("The deadline must be today or later.")
        return deadline

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "communities" in self.fields and not data.get("communities") and not data.get("series"):
            self.add_error("communities", "Choose at least one community or series to ask.")
        return data


class DocumentForm(forms.Form):
    title = forms.CharField(max_length=200)
    file = forms.FileField(
        required=False, help_text="A document, slides, spreadsheet, PDF or image, up to 20 MB; or give a link."
    )
    link = forms.URLField(required=False, max_length=500, assume_scheme="https")

    def clean_file(self) -> UploadedFile[Any] | None:
        return _checked_upload(self.cleaned_data.get("file"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and bool(data.get("file")) == bool(data.get("link")):
            raise ValidationError("Upload a file or give a link (one of the two).")
        return data


class RemoveDocumentForm(forms.Form):
    document = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)


class GatheringChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A gathering, named with its date."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title}, {timezone.localtime(obj.starts_at):%-d %B %Y}"


class AgendaForm(forms.Form):
    gathering = GatheringChoiceField(
        label="Gathering", queryset=Gathering.objects.none(), empty_label="Choose a gathering", widget=Select
    )

    def __init__(self, *args: Any, gatherings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["gathering"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = gatherings


WHOSE_MINE = "mine"
WHOSE_ANONYMOUS = "anonymous"
WHOSE_BEHALF = "behalf"


class InsightForm(forms.Form):
    community = forms.ModelChoiceField(label="Community", queryset=Community.objects.none(), widget=Select)
    whose = forms.ChoiceField(label="Whose insight is this?", widget=forms.RadioSelect, initial=WHOSE_MINE)
    contributor_name = forms.CharField(
        label="Their name", required=False, max_length=120, help_text="Leave empty if they asked not to be named."
    )
    contributor_email = forms.EmailField(
        label="Their email", required=False, help_text="Only to tell them what happened to it."
    )
    text = forms.CharField(
        label="Your insight",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you see, hear or know from the frontline. Do not name patients or colleagues.",
    )
    gathering = GatheringChoiceField(
        label="Heard at a gathering", queryset=Gathering.objects.none(), required=False,
        empty_label="Not at a gathering", widget=Select,
    )  # fmt: skip
    theme_tag = forms.CharField(label="Theme, in a few words", required=False, max_length=200)
    place = forms.CharField(required=False, max_length=200, help_text="A network, area or service, if it matters.")
    sector = forms.ChoiceField(required=False, choices=[("", "Not given"), *Sector.choices], widget=Select)
    profession = forms.ChoiceField(
        label="Profession of the person speaking", required=False, choices=[("", "Not given"), *Profession.choices],
        widget=Select, help_text="Left empty for anonymous answers unless you choose one.",
    )  # fmt: skip
    region = forms.ChoiceField(required=False, choices=[("", "Not given"), *Region.choices], widget=Select)
    voice = forms.ChoiceField(
        label="Lay or professional voice", required=False, choices=[("", "Not given"), *Voice.choices], widget=Select
    )
    urgency = forms.ChoiceField(choices=Level.choices, initial=Level.MEDIUM, widget=forms.RadioSelect)
    confidence = forms.ChoiceField(
        choices=Level.choices, initial=Level.MEDIUM, widget=forms.RadioSelect,
        help_text="How sure are you that this is widespread and accurate?",
    )  # fmt: skip
    evidence_link = forms.URLField(label="Evidence: a link", required=False, max_length=500, assume_scheme="https")
    evidence_file = forms.FileField(label="Evidence: a file", required=False, help_text="Up to 20 MB.")
    evidence_example = forms.CharField(
        label="Evidence: an example", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        communities: Sequence[Community],
        gatherings: Any,
        anonymity_allowed: bool,
        can_record: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        community = self.fields["community"]
        assert isinstance(community, forms.ModelChoiceField)
        community.queryset = Community.objects.filter(pk__in=[c.pk for c in communities]).order_by("name")
        self.only_community = communities[0] if len(communities) == 1 else None
        if self.only_community is not None:
            community.initial = self.only_community.pk
            community.required = False
            community.widget = forms.HiddenInput()
        gathering = self.fields["gathering"]
        assert isinstance(gathering, forms.ModelChoiceField)
        gathering.queryset = gatherings
        whose = [(WHOSE_MINE, "Mine, with my name")]
        if anonymity_allowed:
            whose.append((WHOSE_ANONYMOUS, "Mine, anonymously: nothing will record that it was me"))
        if can_record:
            whose.append((WHOSE_BEHALF, "Someone else's, recorded on their behalf (by phone, post or in person)"))
        whose_field = self.fields["whose"]
        assert isinstance(whose_field, forms.ChoiceField)
        whose_field.choices = whose
        if not can_record:
            del self.fields["contributor_name"]
            del self.fields["contributor_email"]

    def clean_evidence_file(self) -> UploadedFile[Any] | None:
        return _checked_upload(self.cleaned_data.get("evidence_file"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("community") is None and self.only_community is not None and "community" not in self.errors:
            data["community"] = self.only_community
        gathering, community = data.get("gathering"), data.get("community")
        if gathering is not None and community is not None and gathering.community_id != community.pk:
            self.add_error("gathering", "Choose a gathering of the community you chose.")
        return data

    def tags(self) -> dict[str, Any]:
        """The insight's tags, as the actions take them."""
        data = self.cleaned_data
        names = ["theme_tag", "place", "sector", "profession", "region", "voice", "urgency", "confidence"]
        tags = {name: data[name] for name in names}
        tags.update(
            evidence_link=data["evidence_link"] or "",
            evidence_example=data["evidence_example"],
        )
        if data.get("evidence_file"):
            tags["evidence_file"] = data["evidence_file"]
        return tags


class CaptureForm(forms.Form):
    """Turn one harvest note or feedback message into an insight (for the chosen ask)."""

    kind = forms.ChoiceField(choices=[("note", "note"), ("feedback", "feedback"), ("all", "all")])
    item = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    ask = forms.TypedChoiceField(label="For the ask", coerce=int, empty_value=None, required=False, widget=Select)

    def __init__(self, *args: Any, asks: Iterable[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["ask"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "No ask: unsolicited"), *asks]


class ExpectedThemeForm(forms.Form):
    label = forms.CharField(label="Theme", max_length=200)
    description = forms.CharField(
        label="One-line description", required=False, max_length=300,
        help_text="What belongs in this theme. The machine uses it to sort insights.",
    )  # fmt: skip


class RecomputeForm(forms.Form):
    method = forms.ChoiceField(label="Method", widget=Select)
    discover = forms.BooleanField(
        label="Let the machine group what fits no named theme",
        required=False,
        help_text="Untick to sort every insight into the themes people named, listing the uncertain ones.",
    )

    def __init__(self, *args: Any, methods: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["method"]
        assert isinstance(field, forms.ChoiceField)
        labels = {"tfidf": "Word patterns (TF-IDF)", "semantic": "Meaning (sentence embeddings)"}
        field.choices = [(m, labels.get(m, m)) for m in methods]


def _theme_choices(themes: Iterable[Theme], *, minority: bool) -> list[tuple[str, str]]:
    choices = [(str(t.pk), t.label) for t in themes]
    if minority:
        choices.append(("none", "No theme: a minority view"))
    return choices


class MoveForm(forms.Form):
    """Move ticked insights to another theme (checkboxes, a select and a button: no drag and drop)."""

    insights = forms.TypedMultipleChoiceField(
        label="Insights",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Tick at least one insight."},
    )
    target = forms.ChoiceField(label="Move the ticked insights to", widget=Select)

    def __init__(self, *args: Any, insights: Iterable[tuple[int, str]], themes: Iterable[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["insights"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = list(insights)
        target = self.fields["target"]
        assert isinstance(target, forms.ChoiceField)
        target.choices = [("", "Choose a theme"), *_theme_choices(themes, minority=True)]


class RenameForm(forms.Form):
    label = forms.CharField(max_length=200)
    description = forms.CharField(label="One-line description", required=False, max_length=300)


class MergeForm(forms.Form):
    into = forms.ChoiceField(label="Merge this theme into", widget=Select)

    def __init__(self, *args: Any, themes: Iterable[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["into"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose a theme"), *_theme_choices(themes, minority=False)]


class SplitForm(forms.Form):
    insights = forms.TypedMultipleChoiceField(
        label="Insights for the new theme", coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Tick the insights that make the new theme."},
    )  # fmt: skip
    label = forms.CharField(label="Label of the new theme", max_length=200)
    description = forms.CharField(label="One-line description", required=False, max_length=300)

    def __init__(self, *args: Any, insights: Iterable[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["insights"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = list(insights)


class ResponseForm(forms.Form):
    status = forms.ChoiceField(choices=ResponseStatus.choices, widget=forms.RadioSelect)
    detail = forms.CharField(
        label="What the centre did or will do", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    reason = forms.CharField(
        label="Why it is not possible", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when it is not possible.",
    )  # fmt: skip
    owner_name = forms.CharField(label="Owner", max_length=120, help_text="The person or team who owns it.")
    date = _date_field("Date", "When it was, or will be, done.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status = data.get("status")
        if status == ResponseStatus.NOT_POSSIBLE and not data.get("reason", "").strip():
            self.add_error("reason", "Say why it is not possible.")
        if status in (ResponseStatus.ACCEPTED, ResponseStatus.IN_PROGRESS) and not data.get("detail", "").strip():
            self.add_error("detail", "Say what the centre did or will do.")
        return data


class WordingForm(forms.Form):
    insight = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    text = forms.CharField(label="Wording to share", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class GrantForm(forms.Form):
    person = forms.TypedChoiceField(label="Member", coerce=int, widget=Select)

    def __init__(self, *args: Any, people: Iterable[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Choose a member"), *people]
