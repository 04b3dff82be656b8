"""Forms for conversations: they only validate; views pass what they clean to the actions."""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict

from groundswell.conversations import attachments
from groundswell.conversations.models import DigestFrequency, PostState, ReportReason, ThreadKind, WatchLevel
from groundswell.lib.identifiability import Flag, find_identifiers

BODY_HELP = (
    "You can use Markdown: **bold**, *italic*, lists, links and > quotes. To mention a member, type @ and their "
    "name as their profile shows it, for example @Mina Patel."
)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one file input (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": attachments.ACCEPT, "class": "nhsuk-file-upload"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[Any]]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def body_field(label: str = "Your post") -> forms.CharField:
    return forms.CharField(
        label=label, max_length=20_000, widget=forms.Textarea(attrs={"rows": 8}), help_text=BODY_HELP
    )


def files_field() -> MultipleFileField:
    return MultipleFileField(
        label="Attach files",
        required=False,
        help_text=f"Up to {attachments.MAX_PER_POST} files of {attachments.MAX_BYTES // (1024 * 1024)} MB each: "
        f"{attachments.ALLOWED_DESCRIPTION}.",
    )


def seen_signature(body: str) -> str:
    """Mark that the writer has been shown the warnings for exactly this text."""
    return hashlib.sha256(body.strip().encode("utf-8", "surrogatepass")).hexdigest()[:32]


class ComposerForm(forms.Form):
    """A form that writes a post: it checks the words for details that could identify someone.

    When it finds any, the writer sees them before the post goes; posting the same words again
    (``seen``) goes ahead.
    """

    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def flags(self) -> list[Flag]:
        body = self.cleaned_data.get("body", "")
        # Members name each other in conversations all the time; what must not appear is a
        # patient's details, so names are flagged only after a title ("Mrs Okafor").
        return find_identifiers(body)

    def warnings_seen(self) -> bool:
        return self.cleaned_data.get("seen") == seen_signature(self.cleaned_data.get("body", ""))

    def mark_seen(self) -> None:
        data = self.data.copy() if isinstance(self.data, QueryDict) else QueryDict(mutable=True)
        if not isinstance(self.data, QueryDict):
            data.update(self.data)
        data["seen"] = seen_signature(self.cleaned_data.get("body", ""))
        self.data = data


class ThreadForm(ComposerForm):
    kind = forms.ChoiceField(
        label="What are you starting?",
        choices=ThreadKind.choices,
        initial=ThreadKind.DISCUSSION,
        widget=forms.RadioSelect,
        help_text="A question lets you mark the reply that answered it.",
    )
    title = forms.CharField(label="Title", max_length=200)
    body = body_field()
    attached_files = files_field()

    field_order = ["kind", "title", "body", "attached_files", "seen"]


class ReplyForm(ComposerForm):
    body = body_field("Your reply")
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    attached_files = files_field()


class EditForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    body = body_field()

    def __init__(self, *args: Any, opening: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not opening:
            del self.fields["title"]


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label="Why are you reporting this post?", choices=ReportReason.choices,
                               widget=forms.RadioSelect)  # fmt: skip
    details = forms.CharField(
        label="Anything the convenors should know",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


DECISIONS = {
    "hide": "Hide it while you look into it (the author can still see it and your reason)",
    "remove": "Remove it for good (only the author and convenors can still read it)",
    "restore": "Show it again",
}


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(label="What do you want to do?", widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Reason, shown to the author",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed to hide or remove a post. Say which guideline it breaks, kindly.",
    )

    def __init__(self, *args: Any, state: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = {
            PostState.VISIBLE: ["hide", "remove"],
            PostState.HIDDEN: ["restore", "remove"],
            PostState.REMOVED: ["restore"],
        }[PostState(state)]
        decision = self.fields["decision"]
        assert isinstance(decision, forms.ChoiceField)
        decision.choices = [(key, DECISIONS[key]) for key in allowed]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") in ("hide", "remove") and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Give a reason: the author will see it.")
        return cleaned


class DismissForm(forms.Form):
    note = forms.CharField(label="Note for the other convenors", required=False, max_length=500)


class GuidelinesForm(forms.Form):
    body = forms.CharField(
        label="Guidelines",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="How you ask people to talk to each other here. Markdown works.",
    )


class WatchForm(forms.Form):
    level = forms.ChoiceField(label="Tell me about", choices=WatchLevel.choices)


class DigestForm(forms.Form):
    frequency = forms.ChoiceField(
        label="How often would you like a digest email?",
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
        help_text="A digest lists what is new in your communities. It is sent only if you have not been "
        "back since the last one.",
    )


class SearchForm(forms.Form):
    q = forms.CharField(label="Search this community's conversations", max_length=200)
