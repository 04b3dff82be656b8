from __future__ import annotations

from typing import Any

from django import forms

from groundswell.communities.models import Community, CommunityKind, Lifecycle, Privacy, Role
from groundswell.lib.widgets import Select


class CommunityForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Community
        fields = ["name", "kind", "purpose", "learning_question", "privacy"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "privacy": forms.RadioSelect,
        }
        help_texts = {"privacy": "You can change this later."}


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100, help_text="Words from the name or purpose.")
    kind = forms.ChoiceField(widget=Select, choices=[("", "Any kind"), *CommunityKind.choices], required=False)
    privacy = forms.ChoiceField(
        widget=Select,
        label="Who can see it",
        choices=[("", "Any"), *[(p.value, p.value.capitalize()) for p in Privacy]],
        required=False,
    )
    lifecycle = forms.ChoiceField(
        widget=Select, label="Stage", choices=[("", "Any stage"), *Lifecycle.choices], required=False
    )


class LifecycleForm(forms.Form):
    lifecycle = forms.ChoiceField(label="Stage", choices=Lifecycle.choices, widget=forms.RadioSelect)
    closing_note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when closing: what the community achieved and where its work lives on.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("lifecycle") == Lifecycle.CLOSED and not (data.get("closing_note") or "").strip():
            self.add_error("closing_note", "Write a closing note before closing the community.")
        return data


class InviteForm(forms.Form):
    email = forms.EmailField(help_text="People from any organisation can be invited; they do not need an account.")
    role = forms.ChoiceField(choices=Role.choices, initial=Role.MEMBER)
    message = forms.CharField(
        required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}), label="A personal note"
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class RemoveForm(forms.Form):
    reason = forms.CharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The member is told this reason; it is kept in the community's history.",
    )


class RequestForm(forms.Form):
    message = forms.CharField(
        label="Why would you like to join?", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class NewcomerForm(forms.Form):
    display_name = forms.CharField(
        label="Your name",
        max_length=120,
        help_text="How other members will see you. You can use a pseudonym if you are a lay partner.",
    )
