from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from groundswell.lib.http import HtmxHttpRequest, paginate, paginate_uncounted, querystring_without_page
from groundswell.people import access, actions
from groundswell.people.forms import (
    AffiliationForm,
    DirectoryFilterForm,
    EraseForm,
    OrganisationFilterForm,
    OrganisationForm,
    ProfileForm,
    TokenForm,
)
from groundswell.people.models import Affiliation, Organisation, Person


def _current_affiliations() -> Prefetch[Any]:
    return Prefetch(
        "affiliations",
        queryset=Affiliation.objects.current().select_related("organisation").order_by("organisation__name"),
        to_attr="current_affiliations",
    )


@login_required
def person_list(request: HtmxHttpRequest) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    form = DirectoryFilterForm(request.GET or None)
    filters = form.filters() if form.is_valid() else {}
    people = Person.objects.search(viewer, **filters).prefetch_related(_current_affiliations())
    page = paginate_uncounted(request, people)
    shared = access.people_sharing_a_community(viewer, [p.pk for p in page])
    rows = [{"person": p, "fields": access.visible_fields(viewer, p, shares_community=p.pk in shared)} for p in page]
    context = {"form": form, "page": page, "rows": rows, "querystring": querystring_without_page(request)}
    if request.htmx:
        return render(request, "people/person_list.html#results", context)
    return render(request, "people/person_list.html", context)


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    person = access.get_person_for_viewer(viewer, person_id)
    shares = bool(access.people_sharing_a_community(viewer, [person.pk]))
    fields = access.visible_fields(viewer, person, shares_community=shares)
    is_self = viewer.pk == person.pk
    affiliations = (
        person.affiliations.select_related("organisation").order_by("-start_date") if "organisations" in fields else []
    )
    context = {
        "person": person,
        "fields": fields,
        "is_self": is_self,
        "can_edit": is_self or viewer.is_superuser,
        "affiliations": affiliations,
        "show_access_needs": is_self,
        "tokens": person.api_tokens.order_by("-created_at") if is_self else [],
        "token_form": TokenForm() if is_self else None,
        "new_token": request.session.pop("new_api_token", None) if is_self else None,
    }
    return render(request, "people/person_detail.html", context)


@login_required
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    person = access.get_person_for_editor(viewer, person_id)
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        # The ModelForm wrote its cleaned values onto the instance; reload so the action sees
        # what is stored and records the real changes.
        person.refresh_from_db()
        actions.update_profile(
            person,
            by=viewer,
            consent_to_share_access_needs=form.cleaned_data["access_needs_consent"],
            **form.profile_fields(),
        )
        actions.set_expertise(person, by=viewer, names=form.expertise_names())
        messages.success(request, "Your profile has been saved.")
        return redirect("people:detail", person.pk)
    return render(request, "people/person_edit.html", {"form": form, "person": person})


@login_required
def affiliation_add(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    person = access.get_person_for_editor(viewer, person_id)
    form = AffiliationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.add_affiliation(person, by=viewer, **form.cleaned_data)
        messages.success(request, "Organisation added.")
        return redirect("people:detail", person.pk)
    return render(request, "people/affiliation_form.html", {"form": form, "person": person})


@login_required
@require_POST
def affiliation_end(request: HttpRequest, person_id: int, affiliation_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    person = access.get_person_for_editor(viewer, person_id)
    affiliation = get_object_or_404(Affiliation, pk=affiliation_id, person=person)
    try:
        actions.end_affiliation(affiliation, by=viewer)
        messages.success(request, f"Your time at {affiliation.organisation} is now recorded as ended.")
    except actions.ActionError as error:
        messages.error(request, str(error))
    return redirect("people:detail", person.pk)


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the token a name.")
        return redirect("people:detail", person.pk)
    _, raw = actions.create_api_token(person, name=form.cleaned_data["name"])
    # Shown once on the next page, then gone: only its hash is stored.
    request.session["new_api_token"] = raw
    return redirect("people:detail", person.pk)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    token = get_object_or_404(person.api_tokens, pk=token_id)
    actions.revoke_api_token(token, by=person)
    messages.success(request, f"The token “{token.name}” no longer works.")
    return redirect("people:detail", person.pk)


@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    data = actions.export_personal_data(person)
    response = HttpResponse(json.dumps(data, indent=2), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="my-groundswell-data.json"'
    return response


@login_required
def erase(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.erase_person(person, by=person)
        except actions.ActionError as error:
            messages.error(request, str(error))
            return redirect("people:erase")
        logout(request)
        messages.success(request, "Your personal data has been erased.")
        return redirect("home")
    return render(request, "people/erase.html", {"form": form})


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    organisations = Organisation.objects.search(**{k: v or "" for k, v in filters.items()})
    page = paginate(request, organisations)
    return render(
        request,
        "people/organisation_list.html",
        {"form": form, "page": page, "querystring": querystring_without_page(request)},
    )


@login_required
def organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    people = Person.objects.search(viewer, organisation=str(organisation.pk))
    page = paginate(request, people)
    return render(request, "people/organisation_detail.html", {"organisation": organisation, "page": page})


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = actions.create_organisation(by=viewer, **form.cleaned_data)
        except actions.ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{organisation} has been added.")
            return redirect(organisation)
    return render(request, "people/organisation_form.html", {"form": form})
