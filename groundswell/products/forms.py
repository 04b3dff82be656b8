"""Forms for products: they check input; the actions apply the rules and write."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils import timezone

from groundswell.communities.models import Community
from groundswell.conversations.models import Thread
from groundswell.gatherings.models import Gathering
from groundswell.lib.dates import DatePrecision
from groundswell.lib.widgets import Select
from groundswell.people.models import Organisation, Person
from groundswell.products.models import AuthorRole, EventKind, ProductKind, Rung, Stage, Version
from groundswell.stories.models import Story

MONTHS = [("", "Not known"), *((str(n), calendar.month_name[n]) for n in range(1, 13))]
DOI = RegexValidator(r"^10\.\d{4,9}/\S+$", "Enter a DOI such as 10.1234/abcd.5678 (without https://doi.org/).")
FILE_HELP = "PDF, Word, PowerPoint, Excel, OpenDocument or text, up to 30 MB. Or give a link instead."


class ApproximateDateForm(forms.Form):
    """A year, and a month and day if known, cleaned into ``on`` and ``precision``."""

    year = forms.IntegerField(min_value=1948, max_value=2200, help_text="For example 2021")
    month = forms.TypedChoiceField(choices=MONTHS, coerce=int, empty_value=None, required=False, widget=Select)
    day = forms.IntegerField(min_value=1, max_value=31, required=False, help_text="Leave empty if you do not know it.")

    def prefill_today(self) -> None:
        today = timezone.localdate()
        for name, value in (("year", today.year), ("month", str(today.month)), ("day", today.day)):
            self.fields[name].initial = value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year, month, day = data.get("year"), data.get("month"), data.get("day")
        if year is None or "year" in self.errors or "day" in self.errors:
            return data
        if day is not None and month is None:
            self.add_error("day", "Choose the month too, or leave the day empty.")
            return data
        try:
            data["on"] = datetime.date(year, month or 1, day or 1)
        except ValueError:
            self.add_error("day", f"{calendar.month_name[month or 1]} {year} has no day {day}.")
            return data
        data["precision"] = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
        return data


def find_organisation(text: str) -> tuple[Organisation | None, str]:
    """Match typed text to an organisation in the directory (by name or ODS code), or keep the text."""
    text = text.strip()
    if not text:
        return None, ""
    found = Organisation.objects.filter(Q(name__iexact=text) | Q(ods_code__iexact=text)).order_by("id").first()
    return (found, "") if found is not None else (None, text)


class CommunityChoiceField(forms.ModelMultipleChoiceField[Community]):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


STARTING_STAGES = [(s.value, s.label) for s in Stage if s in (Stage.IDEA, Stage.DRAFTING, Stage.CONSULTATION,
                                                                Stage.ENDORSED, Stage.PUBLISHED)]  # fmt: skip


class _DetailsForm(forms.Form):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=ProductKind.choices, widget=Select)
    summary = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    audience = forms.CharField(required=False, max_length=300, help_text="Who it is for.")
    licence = forms.CharField(
        required=False, max_length=120, help_text="For example CC BY 4.0 or Open Government Licence v3.0."
    )
    doi = forms.CharField(label="DOI", required=False, max_length=200, validators=[DOI])
    canonical_url = forms.URLField(
        label="Its permanent web address",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Where it is published, if not here.",
    )
    communities = CommunityChoiceField(
        label="Communities it belongs to",
        queryset=Community.objects.none(),
        help_text="Choose one or more of your communities. Their members can read its drafts.",
    )

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] or "" for name in ("title", "kind", "summary", "audience", "licence", "doi",
                                                     "canonical_url")}  # fmt: skip


MY_ROLES = [(AuthorRole.LEAD_AUTHOR.value, "Lead author"), (AuthorRole.EDITOR.value, "Editor")]


class ProductForm(_DetailsForm, ApproximateDateForm):
    stage = forms.ChoiceField(
        label="Where is it now?", choices=STARTING_STAGES, initial=Stage.IDEA, widget=forms.RadioSelect
    )
    my_role = forms.ChoiceField(
        label="Your part in it",
        choices=MY_ROLES,
        initial=AuthorRole.LEAD_AUTHOR,
        widget=forms.RadioSelect,
    )

    field_order = ["title", "kind", "summary", "audience", "communities", "stage", "year", "month", "day",
                   "my_role", "licence", "doi", "canonical_url"]  # fmt: skip

    def __init__(self, *args: Any, communities: Sequence[Community], convenor: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prefill_today()
        self.fields["year"].label = "When did it reach that stage? Year"
        field = self.fields["communities"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Community.objects.filter(pk__in=[c.pk for c in communities]).order_by("name", "id")
        if convenor:
            role = self.fields["my_role"]
            assert isinstance(role, forms.ChoiceField)
            role.choices = [*MY_ROLES, ("", "None: I am recording it for the community, as a convenor")]
            role.required = False


class ProductEditForm(_DetailsForm):
    def __init__(self, *args: Any, communities: Iterable[Community], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["communities"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Community.objects.filter(pk__in=[c.pk for c in communities]).order_by("name", "id")
        field.help_text = "Add communities you belong to; taking one off hides the drafts from its members."


class StageForm(ApproximateDateForm):
    stage = forms.ChoiceField(label="Move it to", widget=forms.RadioSelect)
    note = forms.CharField(required=False, max_length=500, help_text="For example who endorsed it, or why.")

    field_order = ["stage", "year", "month", "day", "note"]

    def __init__(self, *args: Any, stages: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prefill_today()
        self.fields["year"].label = "When? Year"
        field = self.fields["stage"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s, Stage(s).label) for s in stages]


class VersionForm(forms.Form):
    label = forms.CharField(max_length=60, help_text="For example Draft 2, Consultation draft or 1.0.")
    change_summary = forms.CharField(
        label="What changed", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label="Document", required=False, help_text=FILE_HELP)
    link = forms.URLField(
        label="Or a link to it", required=False, max_length=500, assume_scheme="https",
        help_text="Where the version lives, if it is not a file here.",
    )  # fmt: skip
    release = forms.BooleanField(
        label="Release it to readers now",
        required=False,
        help_text="Readers outside the communities get it from the share page.",
    )

    def __init__(self, *args: Any, can_release: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_release:
            del self.fields["release"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("file")) == bool(data.get("link")) and "file" not in self.errors and "link" not in self.errors:
            raise ValidationError("Add either a file or a link, not both.")
        return data


class CommentForm(forms.Form):
    body = forms.CharField(label="Your comment", max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))


class AuthorForm(forms.Form):
    role = forms.ChoiceField(choices=AuthorRole.choices, initial=AuthorRole.CONTRIBUTOR, widget=forms.RadioSelect)
    email = forms.EmailField(
        label="Their email address, if they are in Groundswell",
        required=False,
        help_text="Their name and organisation come from their profile.",
    )
    name = forms.CharField(
        label="Or their name", required=False, max_length=120, help_text="For someone without an account."
    )
    organisation = forms.CharField(
        required=False, max_length=200, help_text="Their organisation, if not the one on their profile."
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email, name = data.get("email"), (data.get("name") or "").strip()
        if "email" in self.errors:
            return data
        if bool(email) == bool(name):
            raise ValidationError(
                "Give either the email address of someone in Groundswell, or the name of someone who is not."
            )
        data["person"] = None
        if email:
            person = Person.objects.active().filter(email__iexact=email).first()
            if person is None:
                self.add_error("email", "No one in Groundswell has that email address. Give their name instead.")
                return data
            data["person"] = person
        data["organisation"], data["organisation_name"] = find_organisation(data.get("organisation") or "")
        return data


class ThreadOriginForm(forms.Form):
    thread = forms.ModelChoiceField(
        label="Conversation", queryset=Thread.objects.none(), widget=Select, empty_label="Choose a conversation"
    )

    def __init__(self, *args: Any, threads: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["thread"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = threads


class StoryOriginForm(forms.Form):
    story = forms.ModelChoiceField(
        label="Story", queryset=Story.objects.none(), widget=Select, empty_label="Choose a story"
    )

    def __init__(self, *args: Any, stories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["story"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = stories


class OriginForm(forms.Form):
    gathering = forms.ModelChoiceField(
        label="Gathering", queryset=Gathering.objects.none(), widget=Select, empty_label="Choose a gathering"
    )

    def __init__(self, *args: Any, gatherings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["gathering"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = gatherings
        field.label_from_instance = _gathering_label  # type: ignore[method-assign,assignment]


def _gathering_label(gathering: Gathering) -> str:
    return f"{gathering.title} ({timezone.localdate(gathering.starts_at):%d %B %Y})"


class EventForm(ApproximateDateForm):
    kind = forms.ChoiceField(label="What happened", choices=EventKind.choices, widget=Select)
    organisation = forms.CharField(
        required=False, max_length=200, help_text="Who did it: needed for endorsements, adoptions and adaptations."
    )
    gathering = forms.ModelChoiceField(
        queryset=Gathering.objects.none(), required=False, widget=Select, empty_label="Not at a gathering here",
        help_text="For a presentation or discussion at one of the communities' gatherings.",
    )  # fmt: skip
    venue = forms.CharField(label="Or where", required=False, max_length=200, help_text="For example a conference.")
    audience_size = forms.IntegerField(required=False, min_value=1, max_value=10_000_000)
    count = forms.IntegerField(
        label="How many times",
        required=False,
        min_value=1,
        max_value=1_000_000_000,
        help_text="For downloads elsewhere.",
    )
    link = forms.URLField(label="Link to the evidence", required=False, max_length=500, assume_scheme="https")
    evidence = forms.CharField(
        label="What shows it", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.ModelChoiceField(
        queryset=Version.objects.none(), required=False, widget=Select, empty_label="No particular version"
    )

    field_order = ["kind", "year", "month", "day", "organisation", "gathering", "venue", "audience_size", "count",
                   "link", "evidence", "version"]  # fmt: skip

    def __init__(self, *args: Any, gatherings: Any, versions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prefill_today()
        self.fields["year"].label = "When? Year"
        field = self.fields["gathering"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = gatherings
        field.label_from_instance = _gathering_label  # type: ignore[method-assign,assignment]
        versions_field = self.fields["version"]
        assert isinstance(versions_field, forms.ModelChoiceField)
        versions_field.queryset = versions

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["organisation"], data["organisation_name"] = find_organisation(data.get("organisation") or "")
        return data


class UseForm(forms.Form):
    """ "We use this", from someone signed in."""

    organisation = forms.CharField(max_length=200, help_text="The organisation that uses it.")
    how_used = forms.CharField(
        label="How you use it", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: adopted as our practice policy, or adapted for our area.",
    )  # fmt: skip
    link = forms.URLField(
        label="A link that shows it", required=False, max_length=500, assume_scheme="https",
        help_text="For example a policy document or board paper, if it is public.",
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["organisation"], data["organisation_name"] = find_organisation(data.get("organisation") or "")
        return data


class OutsideUseForm(UseForm):
    """ "We use this", from a reader without a Groundswell account: confirmed by email."""

    email = forms.EmailField(
        label="Your email address",
        help_text="We email you a link to confirm. We keep your address only until a convenor has checked "
        "the report, and never show it.",
    )


RUNG_CHOICES = [("", "Any"), *((str(r.value), f"At least {r.label.lower()}") for r in Rung if r)]


class FilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100, help_text="Words in the title or summary")
    kind = forms.ChoiceField(choices=[("", "Any"), *ProductKind.choices], required=False, widget=Select)
    stage = forms.ChoiceField(choices=[("", "Any"), *Stage.choices], required=False, widget=Select)
    rung = forms.TypedChoiceField(
        label="Uptake", choices=RUNG_CHOICES, coerce=int, empty_value=None, required=False, widget=Select
    )
    community = forms.TypedChoiceField(
        label="Your community", choices=[("", "Any")], coerce=int, empty_value=None, required=False, widget=Select
    )

    def __init__(self, *args: Any, communities: Sequence[Community], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if communities:
            field = self.fields["community"]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = [("", "Any"), *((str(c.pk), c.name) for c in communities)]
        else:
            del self.fields["community"]
