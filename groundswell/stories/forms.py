"""Forms for stories: they check input; the actions apply the rules and write."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from groundswell.people.models import Person
from groundswell.stories.actions import ConsentTerms
from groundswell.stories.checking import FieldFlag
from groundswell.stories.models import ConsentRecord, Genre, Naming, Use

USE_LABELS = {
    Use.COMMUNITY: "Members of this community",
    Use.GROUNDSWELL: "Anyone signed in to Groundswell",
    Use.SPONSOR_REPORTS: "The community's sponsors, in reports about its work",
    Use.PUBLIC: "Anyone at all, on Groundswell's public stories page",
}
NAMING_LABELS = {
    Naming.NAMED: "With the teller's name",
    Naming.PSEUDONYMOUS: "Under a pseudonym",
    Naming.ANONYMOUS: "Anonymously",
}
GENRE_HELP = (
    "A moment: something that happened, told briefly. A value-creation story: how taking part led"
    " to a change in what someone did and what difference it made. A most-significant-change story:"
    " the change that mattered most to you, and why."
)


class StoryContentForm(forms.Form):
    title = forms.CharField(max_length=160)
    what_happened = forms.CharField(
        label="What happened",
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Tell it as you would to a colleague. Leave out anything that could identify a patient.",
    )
    what_changed = forms.CharField(
        label="What changed",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    why_it_matters = forms.CharField(
        label="Why it matters",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    genre = forms.ChoiceField(
        label="What kind of story is it?", choices=Genre.choices, initial=Genre.MOMENT, widget=forms.RadioSelect,
        help_text=GENRE_HELP,
    )  # fmt: skip
    period = forms.CharField(
        label="When it happened",
        required=False,
        max_length=100,
        help_text="In words, for example “winter 2023” or “2019 to 2021”.",
    )
    place = forms.CharField(
        label="Where it happened",
        required=False,
        max_length=120,
        help_text="A region or a kind of place is usually enough, for example “a GP practice in the North West”.",
    )

    def content(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in StoryContentForm.base_fields}


class ConsentForm(forms.Form):
    uses = forms.MultipleChoiceField(
        label="Who may read the story",
        required=False,
        choices=[(use.value, USE_LABELS[use]) for use in Use],
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Each wider choice includes the narrower ones. Beyond this community, the story is shared only once"
            " it has been checked for details that could identify someone. Tick nothing to keep it to yourself."
        ),
    )
    naming = forms.ChoiceField(
        label="How the teller is named",
        choices=[(naming.value, NAMING_LABELS[naming]) for naming in Naming],
        initial=Naming.NAMED,
        widget=forms.RadioSelect,
    )
    pseudonym = forms.CharField(
        required=False, max_length=80, help_text="Needed if the story is told under a pseudonym."
    )
    expires_on = forms.DateField(
        label="Stop sharing on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty to share until the consent is changed or withdrawn. For example 2027-03-31.",
    )

    def __init__(self, *args: Any, on_behalf: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if on_behalf:
            self.fields["how_given"] = forms.CharField(
                label="How the teller gave their consent",
                max_length=300,
                help_text="For example “by phone on 3 March, read back to them” or “signed form, by post”.",
            )

    def clean_pseudonym(self) -> str:
        pseudonym: str = self.cleaned_data["pseudonym"].strip()
        if self.cleaned_data.get("naming") == Naming.PSEUDONYMOUS and not pseudonym:
            raise ValidationError("Give the pseudonym to show with the story.")
        return pseudonym

    def clean_expires_on(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data["expires_on"]
        if day is not None and day <= timezone.localdate():
            raise ValidationError("The day to stop sharing must be after today.")
        if day is not None and day.year > 2200:
            raise ValidationError("Enter a day before the year 2200, or leave it empty.")
        return day

    def terms(self) -> ConsentTerms:
        data = self.cleaned_data
        return ConsentTerms(
            uses=frozenset(data["uses"]),
            naming=data["naming"],
            pseudonym=data["pseudonym"],
            expires_on=data["expires_on"],
        )

    @staticmethod
    def initial_from(record: ConsentRecord | None) -> dict[str, Any]:
        if record is None:
            return {}
        return {
            "uses": [use.value for use in record.uses],
            "naming": record.naming,
            "pseudonym": record.pseudonym,
            "expires_on": record.expires_on,
        }


class TellForm(StoryContentForm, ConsentForm):
    """A member tells their own story and says who may read it."""

    field_order = [*StoryContentForm.base_fields, *ConsentForm.base_fields]


class RecordForm(TellForm):
    """A convenor records the story of someone who contributes by phone or post.

    A member is named by their email address rather than picked from a list: a national network
    has thousands of members, too many for a select.
    """

    teller_email = forms.EmailField(
        label="The email address of a member of this community",
        required=False,
        help_text="If the teller is a member, so they can see and change their story themselves.",
    )
    teller_name = forms.CharField(
        label="Or the name of someone without an account",
        required=False,
        max_length=120,
        help_text="Their name is shown only if they agree to be named.",
    )

    field_order = ["teller_email", "teller_name"]

    def __init__(self, *args: Any, members: QuerySet[Person] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, on_behalf=True, **kwargs)
        self.members = members if members is not None else Person.objects.none()
        self.order_fields([*self.field_order, *StoryContentForm.base_fields, *ConsentForm.base_fields, "how_given"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email = data.get("teller_email") or ""
        name = data.get("teller_name", "").strip()
        data["teller"] = None
        if email and name:
            self.add_error("teller_name", "Give a member's email address or a name, not both.")
        elif email:
            data["teller"] = self.members.filter(email__iexact=email).first()
            if data["teller"] is None:
                self.add_error("teller_email", "No member of this community has that email address.")
        elif not name and "teller_email" not in self.errors:
            self.add_error(
                "teller_name", "Give the email address of the member whose story it is, or the teller's name."
            )
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the story's consent history. If you are not the teller, they are told.",
    )


class CheckForm(forms.Form):
    """The findings of the identifiability check, to remove or keep."""

    remove = forms.MultipleChoiceField(
        label="Details to remove",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each ticked detail is replaced by a note that something was removed. Untick any you judge safe.",
    )
    digest = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, flags: list[FieldFlag], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        remove = self.fields["remove"]
        assert isinstance(remove, forms.MultipleChoiceField)
        remove.choices = [(item.id, f"{item.field_label}: “{item.flag.text}”. {item.flag.message}") for item in flags]
        remove.initial = [item.id for item in flags]
        if not flags:
            del self.fields["remove"]


class ExportForm(forms.Form):
    use = forms.ChoiceField(
        label="For",
        choices=[(use.value, use.label) for use in Use],
        initial=Use.SPONSOR_REPORTS,
        help_text="Only stories whose tellers agreed to this use are included.",
    )
