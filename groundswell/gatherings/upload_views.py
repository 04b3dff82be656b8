"""Uploading an attendance list, and bringing a significant local other.

The attendance upload follows the people import (communities/import_views.py): the uploaded
text waits in the session between the preview and the confirmation, keyed by its SHA-256
digest, so the browser never sends it back; the confirmation matches the rows again because
registrations may have changed in the meantime.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from groundswell.gatherings import access, actions, attendance_import
from groundswell.gatherings.models import Gathering, Invitee, Registration, RegistrationStatus
from groundswell.lib.http import Forbidden
from groundswell.people.actions import ActionError
from groundswell.people.models import Person


class AttendanceUploadForm(forms.Form):
    file = forms.FileField(
        label="Attendance list",
        help_text=(
            "A CSV file exported from Eventbrite or Microsoft Forms, or a Microsoft Teams attendance report. "
            f"At most {attendance_import.MAX_FILE_BYTES // (1024 * 1024)} MB and "
            f"{attendance_import.MAX_ROWS:,} rows."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.tsv,.txt,text/csv,text/plain"}),
    )

    text: str

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            if upload.size is not None and upload.size > attendance_import.MAX_FILE_BYTES:
                raise attendance_import.AttendanceFileError(attendance_import.TOO_BIG)
            self.text = attendance_import.decode(upload.read(attendance_import.MAX_FILE_BYTES + 1))
            attendance_import.parse(self.text)
        except attendance_import.AttendanceFileError as error:
            raise ValidationError(str(error)) from error
        return upload


def _session_key(gathering: Gathering) -> str:
    return f"attendance_upload:{gathering.pk}"


def _upload_page(request: HttpRequest, gathering: Gathering, form: AttendanceUploadForm) -> HttpResponse:
    context = {"gathering": gathering, "form": form, "not_started": gathering.starts_at > timezone.now()}
    return render(request, "gatherings/attendance_upload.html", context)


def _came(gathering: Gathering, matched: Iterable[int]) -> set[int]:
    """Who came: everyone in the file, plus anyone already recorded (say, ticked in the room at a
    hybrid meeting whose online half is in the file)."""
    already = Registration.objects.filter(gathering=gathering, attended=True).values_list("pk", flat=True)
    return set(matched) | set(already)


def _preview_page(request: HttpRequest, gathering: Gathering, entry: dict[str, str], error: str = "") -> HttpResponse:
    try:
        attendance = attendance_import.parse(entry["text"])
    except attendance_import.AttendanceFileError as exc:
        return _start_again(request, gathering, str(exc))
    matching = attendance_import.match(attendance, gathering)
    came = _came(gathering, matching.registration_ids)
    absent = Registration.objects.filter(gathering=gathering, status=RegistrationStatus.REGISTERED).exclude(pk__in=came)
    context = {
        "gathering": gathering,
        "attendance": attendance,
        "matching": matching,
        "absent_count": absent.count(),
        "digest": entry["digest"],
        "filename": entry.get("filename", ""),
        "error": error,
    }
    return render(request, "gatherings/attendance_preview.html", context)


def _start_again(request: HttpRequest, gathering: Gathering, error: str) -> HttpResponse:
    request.session.pop(_session_key(gathering), None)
    form = AttendanceUploadForm()
    form.add_error(None, error)
    return _upload_page(request, gathering, form)


def _lost_upload(request: HttpRequest, gathering: Gathering) -> HttpResponse:
    messages.error(request, "That upload is no longer available. Upload the file again.")
    return redirect("gatherings:attendance_upload", gathering.pk)


@login_required
def attendance_upload(request: HttpRequest, gathering_id: int) -> HttpResponse:
    """Upload an attendance list, check who matched, then record attendance from it."""
    viewer: Person = request.user  # type: ignore[assignment]
    gathering = access.get_gathering_for_organiser(viewer, gathering_id)
    key = _session_key(gathering)
    entry: dict[str, str] | None = request.session.get(key)

    if request.method == "POST" and "digest" in request.POST:
        if entry is None or entry["digest"] != request.POST["digest"]:
            return _lost_upload(request, gathering)
        try:
            attendance = attendance_import.parse(entry["text"])
        except attendance_import.AttendanceFileError as exc:
            return _start_again(request, gathering, str(exc))
        matching = attendance_import.match(attendance, gathering)
        try:
            count = actions.record_attendance(gathering, by=viewer, came=_came(gathering, matching.registration_ids))
        except ActionError as error:
            return _preview_page(request, gathering, entry, error=str(error))
        del request.session[key]
        messages.success(request, f"Attendance recorded from the file: {count} came.")
        return redirect("gatherings:attendance", gathering.pk)

    if request.method == "GET" and "upload" in request.GET:
        if entry is None or entry["digest"] != request.GET["upload"]:
            return _lost_upload(request, gathering)
        return _preview_page(request, gathering, entry)

    form = AttendanceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        digest = hashlib.sha256(form.text.encode()).hexdigest()
        # One pending upload per gathering keeps the session small.
        request.session[key] = {"digest": digest, "text": form.text, "filename": form.cleaned_data["file"].name}
        return redirect(reverse("gatherings:attendance_upload", args=[gathering.pk]) + f"?upload={digest}")
    return _upload_page(request, gathering, form)


class BringForm(forms.Form):
    name = forms.CharField(max_length=120, help_text="Their full name, as they would like to be welcomed.")
    email = forms.EmailField(
        label="Email address", help_text="We send the invitation here. They do not need an account to come."
    )


@login_required
def bring_someone(request: HttpRequest, gathering_id: int) -> HttpResponse:
    """Invite a significant local other: for people with a place, and for organisers."""
    viewer: Person = request.user  # type: ignore[assignment]
    gathering = access.get_gathering_for_viewer(viewer, gathering_id)
    has_place = Registration.objects.filter(
        gathering=gathering, person=viewer, status=RegistrationStatus.REGISTERED
    ).exists()
    if not has_place and not access.is_organiser(gathering, viewer):
        raise Forbidden("Only people with a place at the gathering can bring someone.")
    form = BringForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = actions.invite_to_gathering(
                gathering,
                by=viewer,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                invitee=Invitee.LOCAL_OTHER,
            )
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{registration.name or registration.email} is invited to {gathering.title}.")
            return redirect("gatherings:detail", gathering.pk)
    brought = Registration.objects.filter(gathering=gathering, invited_by=viewer, invitee=Invitee.LOCAL_OTHER).order_by(
        "name", "email", "id"
    )
    return render(request, "gatherings/bring.html", {"gathering": gathering, "form": form, "brought": brought})
