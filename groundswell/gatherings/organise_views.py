"""Pages for organising gatherings: plan, invite, run the agenda, record who came and what was heard.

Every view checks access first (404 for outsiders, 403 for people without the role), then the
form, then calls an action; the action's ActionError is shown as a form error.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from groundswell.chronicle import actions as chronicle
from groundswell.communities import access as community_access
from groundswell.gatherings import access, actions
from groundswell.gatherings.forms import (
    ActionForm,
    ActionStatusForm,
    AgendaItemForm,
    AttendanceForm,
    CancelForm,
    FeedbackForm,
    GatheringEditForm,
    GatheringForm,
    InviteForm,
    MoveForm,
    NoteForm,
    PhotoForm,
    PreReadForm,
    SeriesEditForm,
    SeriesForm,
)
from groundswell.gatherings.models import (
    ActionItem,
    Gathering,
    GatheringStatus,
    HarvestPhoto,
    PreRead,
    Registration,
    RegistrationStatus,
)
from groundswell.lib.documents import download_response
from groundswell.lib.http import Forbidden
from groundswell.people.actions import ActionError
from groundswell.people.models import Person

# People who can be ticked as having come: anyone still expected or hoping to come.
TICKABLE = (RegistrationStatus.INVITED, RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)
# A spreadsheet treats a cell starting with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _done(request: HttpRequest, gathering: Gathering, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("gatherings:detail", gathering.pk)


T = TypeVar("T")


def _submit(request: HttpRequest, form: forms.Form, write: Callable[[], T]) -> T | None:
    """Run the write for a valid POSTed form; a refused action becomes an error on the form.

    Return what the write returned, or None when the form is to be shown again.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write()
    except ActionError as error:
        form.add_error(None, str(error))
        return None


@login_required
def gathering_create(request: HttpRequest, slug: str) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    community, _ = community_access.get_community_for_convenor(viewer, slug)
    form = GatheringForm(request.POST or None)
    gathering = _submit(request, form, lambda: actions.schedule_gathering(community, by=viewer, **form.action_kwargs()))
    if gathering is not None:
        return _done(request, gathering, f"{gathering} is planned. Open registration when you are ready.")
    return render(request, "gatherings/gathering_form.html", {"form": form, "community": community})


@login_required
def series_create(request: HttpRequest, slug: str) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    community, _ = community_access.get_community_for_convenor(viewer, slug)
    form = SeriesForm(request.POST or None)
    series = _submit(request, form, lambda: actions.schedule_series(community, by=viewer, **form.action_kwargs()))
    if series is not None:
        messages.success(request, f"{series} is planned, with {series.meetings} meetings.")
        return redirect("gatherings:series", series.pk)
    return render(request, "gatherings/series_form.html", {"form": form, "community": community})


@login_required
def gathering_status(request: HttpRequest, gathering_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    gathering = access.get_gathering_for_organiser(viewer, gathering_id)
    cancel_form = CancelForm()
    open_error = ""
    if request.method == "POST" and request.POST.get("intent") == "open":
        try:
            actions.open_registration(gathering, by=viewer)
        except ActionError as error:
            open_error = str(error)
        else:
            return _done(request, gathering, "Registration is open.")
    elif request.method == "POST":
        cancel_form = CancelForm(request.POST)
        if cancel_form.is_valid():
            try:
                actions.cancel_gathering(gathering, by=viewer, reason=cancel_form.cleaned_data["reason"])
            except ActionError as error:
                cancel_form.add_error(None, str(error))
            else:
                return _done(request, gathering, f"{gathering} is cancelled.")
    context = {
        "gathering": gathering,
        "form": cancel_form,
        "open_error": open_error,
        "can_open": gathering.status == GatheringStatus.PLANNED,
        "can_cancel": gathering.status in (GatheringStatus.PLANNED, GatheringStatus.OPEN),
    }
    return render(request, "gatherings/gathering_status.html", context)


@login_required
def invite(request: HttpRequest, gathering_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    gathering = access.get_gathering_for_organiser(viewer, gathering_id)
    form = InviteForm(request.POST or None)
    registration = _submit(
        request, form, lambda: actions.invite_to_gathering(gathering, by=viewer, **form.cleaned_data)
    )
    if registration is not None:
        return _done(request, gathering, f"{registration.name or registration.email} is invited.")
    registrations = list(
        Registration.objects.filter(gathering=gathering).select_related("person").order_by("name", "email", "id")
    )
    # Access needs are special-category data: organisers see them here, and each look is audited.
    needing = [r.person for r in registrations if r.access_needs and r.person is not None]
    if needing:
        chronicle.record_access(
            viewer=viewer, subjects=needing, what="access_needs", context=f"gathering {gathering.pk}"
        )
    context = {"gathering": gathering, "form": form, "registrations": registrations}
    return render(request, "gatherings/invite.html", context)


@login_required
def attendance(request: HttpRequest, gathering_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    gathering = access.get_gathering_for_organiser(viewer, gathering_id)
    registrations = list(
        Registration.objects.filter(gathering=gathering, status__in=TICKABLE).order_by("name", "email", "id")
    )
    initial = {"came": [r.pk for r in registrations if r.attended]}
    form = AttendanceForm(request.POST or None, initial=initial, registrations=registrations)
    count = _submit(
        request, form, lambda: actions.record_attendance(gathering, by=viewer, came=form.cleaned_data["came"])
    )
    if count is not None:
        return _done(request, gathering, f"Attendance recorded: {count} came.")
    context = {
        "gathering": gathering,
        "form": form,
        "registrations": registrations,
        "not_started": gathering.starts_at > timezone.now(),
    }
    return render(request, "gatherings/attendance.html", context)


def _cell(value: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula, by prefixing a single quote."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


@login_required
def attendees_csv(request: HttpRequest, gathering_id: int) -> HttpResponse:
    """The attendee list as CSV, for the gathering's organisers only.

    It never includes access needs. Chatham House gatherings are exported too, because
    organisers are in the room; the file is theirs to keep there.
    """
    viewer: Person = request.user  # type: ignore[assignment]
    gathering = access.get_gathering_for_organiser(viewer, gathering_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="gathering-{gathering.pk}-attendees.csv"'
    writer = csv.writer(response)
    writer.writerow(["name", "email", "invited as", "status", "attended"])
    attended_labels = {True: "yes", False: "no", None: "not recorded"}
    rows = (
        Registration.objects.filter(gathering=gathering)
        .order_by("name", "email", "id")
        .values_list("name", "email", "invitee", "status", "attended")
    )
    for name, email, invitee, status, attended in rows:
        cells = [
            name,
            email,
            Registration(invitee=invitee).get_invitee_display(),
            RegistrationStatus(status).label,
            attended_labels[attended],
        ]
        writer.writerow([_cell(c) for c in cells])
    return response


@login_required
def agenda(request: HttpRequest, gathering_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    gathering = access.get_gathering_for_organiser(viewer, gathering_id)
    form = AgendaItemForm()
    items_query = gathering.agenda.order_by("position", "id")
    pre_read_form = PreReadForm(items=items_query)
    if request.method == "POST" and request.POST.get("intent") == "pre_read":
        pre_read_form = PreReadForm(request.POST, request.FILES, items=items_query)

        def attach() -> PreRead:
            data = pre_read_form.cleaned_data
            upload = data["file"]
            raw = upload.read(actions.MAX_PRE_READ_BYTES + 1)
            return actions.add_pre_read(
                data["item"], by=viewer, filename=upload.name or "", raw=raw, title=data["pre_read_title"]
            )

        pre_read = _submit(request, pre_read_form, attach)
        if pre_read is not None:
            messages.success(request, f"Attached {pre_read} to {pre_read.agenda_item}.")
            return redirect("gatherings:agenda", gathering.pk)
    elif request.method == "POST" and request.POST.get("intent") == "remove_pre_read":
        pre_read = get_object_or_404(PreRead, pk=request.POST.get("pre_read", "0"), agenda_item__gathering=gathering)
        actions.remove_pre_read(pre_read, by=viewer)
        messages.success(request, f"Removed {pre_read}.")
        return redirect("gatherings:agenda", gathering.pk)
    elif request.method == "POST" and request.POST.get("intent") == "move":
        move = MoveForm(request.POST)
        if move.is_valid():
            item = get_object_or_404(gathering.agenda, pk=move.cleaned_data["item"])
            actions.move_agenda_item(item, by=viewer, up=move.cleaned_data["direction"] == "up")
            messages.success(request, f"Moved {item}.")
        return redirect("gatherings:agenda", gathering.pk)
    elif request.method == "POST":
        form = AgendaItemForm(request.POST)
        if form.is_valid():
            try:
                item = actions.add_agenda_item(gathering, by=viewer, **form.cleaned_data)
            except ActionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Added {item} to the agenda.")
                return redirect("gatherings:agenda", gathering.pk)
    items = list(items_query.prefetch_related("files"))
    context = {"gathering": gathering, "form": form, "items": items, "pre_read_form": pre_read_form}
    return render(request, "gatherings/agenda.html", context)


def pre_read(request: HttpRequest, gathering_id: int, pre_read_id: int) -> FileResponse:
    viewer = request.user if request.user.is_authenticated else None
    gathering = access.get_gathering_for_viewer(viewer, gathering_id)  # type: ignore[arg-type]
    item = get_object_or_404(PreRead, pk=pre_read_id, agenda_item__gathering=gathering)
    return download_response(item.file, title=item.title, extension=item.extension, content_type=item.content_type)


@login_required
def note_create(request: HttpRequest, gathering_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    gathering = access.get_gathering_for_note_taker(viewer, gathering_id)
    form = NoteForm(request.POST or None, items=gathering.agenda.order_by("position", "id"))
    if _submit(request, form, lambda: actions.add_note(gathering, by=viewer, **form.cleaned_data)):
        return _done(request, gathering, "Notes added. Thank you.")
    return render(request, "gatherings/note_form.html", {"gathering": gathering, "form": form})


@login_required
def action_create(request: HttpRequest, gathering_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    gathering = access.get_gathering_for_organiser(viewer, gathering_id)
    form = ActionForm(request.POST or None)
    action = _submit(request, form, lambda: actions.add_action(gathering, by=viewer, **form.cleaned_data))
    if action is not None:
        return _done(request, gathering, f"Action agreed: {action}.")
    return render(request, "gatherings/action_form.html", {"gathering": gathering, "form": form})


@login_required
@require_POST
def action_status(request: HttpRequest, gathering_id: int, action_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    gathering = access.get_gathering_for_organiser(viewer, gathering_id)
    action = get_object_or_404(ActionItem.objects.select_related("gathering"), pk=action_id, gathering=gathering)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a status for the action.")
        return redirect("gatherings:detail", gathering.pk)
    try:
        actions.set_action_status(action, by=viewer, status=form.cleaned_data["status"])
    except ActionError as error:
        messages.error(request, str(error))
        return redirect("gatherings:detail", gathering.pk)
    return _done(request, gathering, f"{action} is now {action.get_status_display().lower()}.")


@login_required
def feedback_create(request: HttpRequest, gathering_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    gathering = access.get_gathering_for_organiser(viewer, gathering_id)
    form = FeedbackForm(request.POST or None)
    if _submit(request, form, lambda: actions.add_feedback(gathering, by=viewer, message=form.cleaned_data["message"])):
        return _done(request, gathering, "Feedback to the centre added.")
    return render(request, "gatherings/feedback_form.html", {"gathering": gathering, "form": form})


@login_required
def gathering_edit(request: HttpRequest, gathering_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    gathering = access.get_gathering_for_organiser(viewer, gathering_id)
    form = GatheringEditForm(request.POST or None, gathering=gathering)
    changed = _submit(request, form, lambda: actions.update_gathering(gathering, by=viewer, **form.action_kwargs()))
    if changed is not None:
        if not changed:
            return _done(request, gathering, "Nothing changed.")
        told = set(changed) & set(actions.NOTIFIED)
        note = " Everyone invited or with a place has been emailed the new details." if told else ""
        return _done(request, gathering, f"{gathering} is updated.{note}")
    return render(request, "gatherings/gathering_edit.html", {"gathering": gathering, "form": form})


@login_required
def series_edit(request: HttpRequest, series_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    series = access.get_series_for_convenor(viewer, series_id)
    form = SeriesEditForm(request.POST or None, series=series)
    changed = _submit(
        request,
        form,
        lambda: actions.update_series(
            series,
            by=viewer,
            title=form.cleaned_data["title"],
            purpose=form.cleaned_data["purpose"],
            roster=form.cleaned_data["roster"],
        ),
    )
    if changed is not None:
        messages.success(request, f"{series} is updated." if changed else "Nothing changed.")
        return redirect("gatherings:series", series.pk)
    return render(request, "gatherings/series_edit.html", {"series": series, "form": form})


@login_required
def photo_create(request: HttpRequest, gathering_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    gathering = access.get_gathering_for_note_taker(viewer, gathering_id)
    form = PhotoForm(request.POST or None, request.FILES or None, gathering=gathering)

    def add() -> HarvestPhoto:
        data = form.cleaned_data
        # Read one byte past the limit: enough to know the file is too big, no more.
        raw = data["photo"].read(actions.MAX_PHOTO_BYTES + 1)
        return actions.add_photo(
            gathering, by=viewer, raw=raw, alt_text=data["alt_text"], caption=data["caption"], note=data["note"]
        )

    if _submit(request, form, add) is not None:
        return _done(request, gathering, "Photo added to the harvest.")
    return render(request, "gatherings/photo_form.html", {"gathering": gathering, "form": form})


def photo(request: HttpRequest, gathering_id: int, photo_id: int) -> FileResponse:
    viewer = request.user if request.user.is_authenticated else None
    gathering = access.get_gathering_for_viewer(viewer, gathering_id)  # type: ignore[arg-type]
    item = get_object_or_404(HarvestPhoto, pk=photo_id, gathering=gathering)
    response = FileResponse(item.image.open("rb"), content_type="image/jpeg")
    response["Content-Disposition"] = f'inline; filename="gathering-{gathering.pk}-photo-{item.pk}.jpg"'
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
def photo_remove(request: HttpRequest, gathering_id: int, photo_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    gathering = access.get_gathering_for_viewer(viewer, gathering_id)
    item = get_object_or_404(HarvestPhoto, pk=photo_id, gathering=gathering)
    if item.uploaded_by_id != viewer.pk and not access.is_organiser(gathering, viewer):
        raise Forbidden("Only the organisers and the person who added a photo can remove it.")
    actions.remove_photo(item, by=viewer)
    return _done(request, gathering, "Photo removed.")
