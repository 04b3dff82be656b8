from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from groundswell.lib.widgets import Select
from groundswell.people.models import (
    VISIBLE_FIELDS,
    Organisation,
    OrganisationKind,
    Person,
    Profession,
    Region,
    Visibility,
)


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label="Name", required=False, max_length=100)
    profession = forms.ChoiceField(widget=Select, choices=[("", "Any profession"), *Profession.choices], required=False)
    organisation = forms.CharField(required=False, max_length=200, help_text="Words from its name.")
    region = forms.ChoiceField(widget=Select, choices=[("", "Any region"), *Region.choices], required=False)
    expertise = forms.CharField(required=False, max_length=80, help_text="For example: cancer care.")

    def filters(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "profession": data.get("profession") or "",
            "organisation": data.get("organisation") or "",
            "region": data.get("region") or "",
            "expertise": data.get("expertise") or "",
        }


LAY_CHOICES = [("", "Work it out from my profession"), ("yes", "Yes, I take part as a lay partner"), ("no", "No")]


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    expertise_tags = forms.CharField(
        label="Expertise",
        required=False,
        max_length=500,
        help_text="Separate tags with commas, for example: cancer care, quality improvement.",
    )
    lay_partner = forms.ChoiceField(
        label="Lay partner",
        choices=LAY_CHOICES,
        required=False,
        help_text="Patients and carers take part as lay partners: equal members, with support.",
    )
    access_needs_consent = forms.BooleanField(
        label="I agree that the convenors of my communities may see my communication and access needs",
        required=False,
        help_text="Needed if you tell us about access needs. Clear the needs above to withdraw.",
    )

    class Meta:
        model = Person
        fields = [
            "display_name",
            "profession",
            "region",
            "bio",
            "access_needs",
            *[f"{f}_visibility" for f in VISIBLE_FIELDS],
        ]
        labels = {
            "display_name": "Name to show",
            "bio": "About you",
            **{f"{f}_visibility": f"Who can see your {f}" for f in VISIBLE_FIELDS},
        }
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 4}),
            "access_needs": forms.Textarea(attrs={"rows": 3}),
            **{f"{f}_visibility": forms.RadioSelect(choices=Visibility.choices) for f in VISIBLE_FIELDS},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person: Person = self.instance
        self.fields["expertise_tags"].initial = ", ".join(t.name for t in person.expertise.all()) if person.pk else ""
        override = person.lay_partner_override
        self.fields["lay_partner"].initial = "" if override is None else ("yes" if override else "no")
        self.fields["region"].required = False
        self.fields["access_needs_consent"].initial = person.access_needs_consent_at is not None
        # Keep the consent box right under the needs it is about.
        order = list(self.fields)
        order.remove("access_needs_consent")
        order.insert(order.index("access_needs") + 1, "access_needs_consent")
        self.order_fields(order)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("access_needs") or "").strip() and not data.get("access_needs_consent"):
            self.add_error(
                "access_needs_consent", "Tick this box to let convenors see your access needs, or leave them empty."
            )
        return data

    def profile_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields}
        fields["lay_partner_override"] = {"": None, "yes": True, "no": False}[data.get("lay_partner") or ""]
        return fields

    def expertise_names(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data.get("expertise_tags", "").split(",") if name.strip()]


class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Organisation
        fields = ["name", "kind", "region", "ods_code"]

    def clean_ods_code(self) -> str:
        code: str = self.cleaned_data.get("ods_code", "").strip().upper()
        if code and Organisation.objects.filter(ods_code=code).exists():
            raise forms.ValidationError("An organisation with this ODS code already exists.")
        return code


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label="Name or ODS code", required=False, max_length=100)
    kind = forms.ChoiceField(widget=Select, choices=[("", "Any kind"), *OrganisationKind.choices], required=False)
    region = forms.ChoiceField(widget=Select, choices=[("", "Any region"), *Region.choices], required=False)


class AffiliationForm(forms.Form):
    organisation = forms.CharField(
        max_length=200, help_text="Its full name or its ODS code, as on the organisations list."
    )
    role_title = forms.CharField(label="Role", required=False, max_length=120)
    start_date = forms.DateField(
        required=False, help_text="For example 2021-04-01", widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        required=False, help_text="Leave empty if you are still there", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_organisation(self) -> Organisation:
        value = self.cleaned_data["organisation"].strip()
        matches = list(Organisation.objects.filter(Q(ods_code__iexact=value) | Q(name__iexact=value))[:2])
        if len(matches) != 1:
            raise forms.ValidationError(
                "No single organisation has that name or code. Check the organisations list, or add it there first."
                if not matches
                else "More than one organisation has that name: use its ODS code."
            )
        return matches[0]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must not be before the start date.")
        return data


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Token name", max_length=80, help_text="What the token is for, for example 'evaluation notebook'."
    )


class EraseForm(forms.Form):
    confirm = forms.CharField(
        label="Type ERASE to confirm",
        max_length=10,
        help_text="This removes your name, email, profile and sign-in. It cannot be undone.",
    )

    def clean_confirm(self) -> str:
        value: str = self.cleaned_data["confirm"]
        if value.strip() != "ERASE":
            raise forms.ValidationError("Type ERASE in capital letters to confirm.")
        return value
