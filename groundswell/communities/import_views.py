"""The convenor's spreadsheet import: upload, preview, confirm.

The uploaded text is kept in the session between the preview and the confirmation, keyed by
its SHA-256 digest, so the browser never sends the data back; the confirmation checks the
rows again because people or memberships may have changed in the meantime.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from groundswell.communities import access, importing
from groundswell.communities.models import Community, Role
from groundswell.people.models import OrganisationKind, Person, Profession, Region

# Each row runs a few actions; past this a web request would outlast a worker's timeout, so
# larger files go through `manage.py import_people` (which takes up to importing.MAX_ROWS).
WEB_MAX_ROWS = 1000


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet saved as CSV",
        help_text=(
            f"In Excel choose “Save a copy” and “CSV UTF-8”. At most "
            f"{importing.MAX_FILE_BYTES // (1024 * 1024)} MB and {WEB_MAX_ROWS:,} people."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    text: str

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            self.text = importing.read_upload(upload)
            parsed = importing.parse(self.text)
        except importing.ImportFileError as error:
            raise ValidationError(str(error)) from error
        if len(parsed.records) > WEB_MAX_ROWS:
            raise ValidationError(
                f"The file has {len(parsed.records):,} people. Upload at most {WEB_MAX_ROWS:,} at a time, "
                "or ask an administrator to run the import_people command for a larger file."
            )
        return upload


def _session_key(community: Community) -> str:
    return f"import_people:{community.pk}"


def _upload_page(request: HttpRequest, community: Community, form: UploadForm, status: int = 200) -> HttpResponse:
    context = {
        "community": community,
        "form": form,
        "columns": importing.COLUMNS,
        "professions": Profession.choices,
        "regions": Region.choices,
        "roles": Role.choices,
        "organisation_kinds": OrganisationKind.choices,
        "max_rows": f"{WEB_MAX_ROWS:,}",
    }
    return render(request, "communities/import_upload.html", context, status=status)


def _preview_page(
    request: HttpRequest, community: Community, preview: importing.Preview, entry: dict[str, str], *, stale: bool
) -> HttpResponse:
    context = {
        "community": community,
        "preview": preview,
        "digest": entry["digest"],
        "filename": entry.get("filename", ""),
        "stale": stale,
    }
    return render(request, "communities/import_preview.html", context)


def _lost_upload(request: HttpRequest, community: Community) -> HttpResponse:
    messages.error(request, "That upload is no longer available. Upload the file again.")
    return redirect("communities:import_people", community.slug)


@login_required
def import_people(request: HttpRequest, slug: str) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    community, _ = access.get_community_for_convenor(viewer, slug)
    key = _session_key(community)
    entry: dict[str, str] | None = request.session.get(key)

    if request.method == "POST" and "digest" in request.POST:
        if entry is None or entry["digest"] != request.POST["digest"]:
            return _lost_upload(request, community)
        try:
            result = importing.apply(
                entry["text"],
                community=community,
                by=viewer,
                expected_fingerprint=request.POST.get("fingerprint", ""),
            )
        except importing.ImportFileError as error:
            del request.session[key]
            form = UploadForm()
            form.add_error(None, str(error))
            return _upload_page(request, community, form)
        if not result.applied:
            return _preview_page(request, community, result.preview, entry, stale=result.stale)
        del request.session[key]
        messages.success(
            request,
            f"Import finished: {result.people_created} new "
            f"{'person' if result.people_created == 1 else 'people'} on Groundswell, "
            f"{result.members_added} added to {community.name}.",
        )
        return redirect("communities:members", community.slug)

    if request.method == "GET" and "upload" in request.GET:
        if entry is None or entry["digest"] != request.GET["upload"]:
            return _lost_upload(request, community)
        try:
            preview = importing.preview(entry["text"], community=community)
        except importing.ImportFileError as error:
            del request.session[key]
            form = UploadForm()
            form.add_error(None, str(error))
            return _upload_page(request, community, form)
        return _preview_page(request, community, preview, entry, stale=False)

    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        digest = hashlib.sha256(form.text.encode()).hexdigest()
        # One pending upload per community keeps the session small.
        request.session[key] = {"digest": digest, "text": form.text, "filename": form.cleaned_data["file"].name}
        return redirect(reverse("communities:import_people", args=[community.slug]) + f"?upload={digest}")
    return _upload_page(request, community, form)
