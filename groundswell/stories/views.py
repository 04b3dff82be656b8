"""Pages for stories: a community's stories, telling and recording them, consent, withdrawal,
the identifiability check, the public stories page, one's own stories and the CSV export.

Every view obtains its story or community through ``access`` (404 for what the viewer may not
read, 403 for a missing role), checks the form, then calls an action; a refused action is shown
as an error on the form.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from groundswell.communities import access as community_access
from groundswell.communities.models import Membership, Role
from groundswell.lib.http import paginate, paginate_uncounted
from groundswell.people.actions import ActionError
from groundswell.people.models import Person
from groundswell.stories import access, actions, checking
from groundswell.stories.forms import (
    CheckForm,
    ConsentForm,
    ExportForm,
    RecordForm,
    StoryContentForm,
    TellForm,
    WithdrawForm,
)
from groundswell.stories.models import (
    BEYOND_COMMUNITY,
    CONTENT_FIELDS,
    Genre,
    Naming,
    Story,
    StoryQuerySet,
    Use,
    community_url,
    shown_teller,
)

T = TypeVar("T")
# A spreadsheet treats a cell starting with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _viewer(request: HttpRequest) -> Person | None:
    return request.user if request.user.is_authenticated else None  # type: ignore[return-value]


def _submit(request: HttpRequest, form: forms.Form, write: Callable[[], T]) -> T | None:
    """Run the write for a valid POSTed form; a refused action becomes an error on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write()
    except ActionError as error:
        form.add_error(None, str(error))
        return None


def _rows(stories: Any, viewer: Person | None) -> list[dict[str, Any]]:
    """What a list shows of each story: the story, the name it is told under, and its community
    when the viewer may see that community."""
    shown = access.communities_shown([story.community for story in stories], viewer)
    return [
        {
            "story": story,
            "url": story.get_absolute_url(),
            "teller": shown_teller(story, viewer),
            "community_url": community_url(story.community.slug) if story.community_id in shown else "",
        }
        for story in stories
    ]


def _listing(qs: StoryQuerySet) -> StoryQuerySet:
    # Lists show titles, not the stories themselves: leave the long text in the database.
    return (
        qs.select_related("community", "teller", "consent")
        .defer("what_happened", "what_changed", "why_it_matters", "place")
        .newest_first()
    )


def _after_telling(request: HttpRequest, story: Story) -> HttpResponse:
    wants_beyond = story.consent is not None and any(use in BEYOND_COMMUNITY for use in story.consent.uses)
    if wants_beyond and not story.is_checked:
        messages.success(
            request,
            "The story is saved. Before it is shared beyond the community, look at the details"
            " that could identify someone.",
        )
        return redirect("stories:check", story.pk)
    messages.success(request, "The story is saved.")
    return redirect("stories:detail", story.pk)


def community_stories(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _viewer(request)
    community, membership = community_access.get_community_for_viewer(viewer, slug)
    role = membership.role if membership is not None else None
    stories = _listing(Story.objects.current().visible_in(community.pk, viewer, role))
    # Never counted: a national network's stories are too many to count on every view.
    page = paginate_uncounted(request, stories, per_page=20)
    is_convenor = membership is not None and membership.role == Role.CONVENOR
    context = {
        "community": community,
        "membership": membership,
        "is_convenor": is_convenor,
        "page": page,
        "rows": _rows(page.object_list, viewer),
        "export_form": ExportForm() if is_convenor else None,
    }
    return render(request, "stories/community_stories.html", context)


@login_required
def tell(request: HttpRequest, slug: str) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    community = access.get_community_for_teller(viewer, slug)
    initial = {"naming": Naming.PSEUDONYMOUS if viewer.is_lay_partner else Naming.NAMED, "uses": [Use.COMMUNITY]}
    form = TellForm(request.POST or None, initial=initial)
    story = _submit(
        request,
        form,
        lambda: actions.tell_story(community, by=viewer, terms=form.terms(), **form.content()),
    )
    if story is not None:
        return _after_telling(request, story)
    return render(request, "stories/story_tell.html", {"community": community, "form": form, "on_behalf": False})


@login_required
def record(request: HttpRequest, slug: str) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    community = access.get_community_for_recorder(viewer, slug)
    members = Person.objects.filter(
        pk__in=Membership.objects.active().filter(community=community).exclude(person=viewer).values("person_id")
    ).order_by("display_name", "id")
    form = RecordForm(request.POST or None, members=members, initial={"uses": [Use.COMMUNITY]})
    story = _submit(
        request,
        form,
        lambda: actions.tell_story(
            community,
            by=viewer,
            terms=form.terms(),
            teller=form.cleaned_data["teller"],
            teller_name=form.cleaned_data["teller_name"],
            how_given=form.cleaned_data["how_given"],
            **form.content(),
        ),
    )
    if story is not None:
        return _after_telling(request, story)
    return render(request, "stories/story_tell.html", {"community": community, "form": form, "on_behalf": True})


def story_detail(request: HttpRequest, story_id: int) -> HttpResponse:
    viewer = _viewer(request)
    story = access.get_story_for_viewer(viewer, story_id)
    can_manage = access.can_manage(story, viewer)
    can_check = can_manage or access.is_convenor(story, viewer)
    context = {
        "story": story,
        "teller": shown_teller(story, viewer),
        "community_shown": access.shows_community(story, viewer),
        "can_manage": can_manage,
        "can_check": can_check,
        "is_teller": access.is_teller(story, viewer),
        "waiting_for_check": story.consent is not None
        and not story.is_checked
        and any(use in BEYOND_COMMUNITY for use in story.consent.uses),
    }
    return render(request, "stories/story_detail.html", context)


@login_required
def edit(request: HttpRequest, story_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    story = access.get_story_for_manager(viewer, story_id)
    initial = {name: getattr(story, name) for name in StoryContentForm.base_fields}
    form = StoryContentForm(request.POST or None, initial=initial)
    saved = _submit(request, form, lambda: actions.edit_story(story, by=viewer, **form.content()))
    if saved is not None:
        return _after_telling(request, saved)
    return render(request, "stories/story_edit.html", {"story": story, "form": form})


@login_required
def consent(request: HttpRequest, story_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    story = access.get_story_for_manager(viewer, story_id)
    on_behalf = not access.is_teller(story, viewer)
    form = ConsentForm(request.POST or None, initial=ConsentForm.initial_from(story.consent), on_behalf=on_behalf)
    record_ = _submit(
        request,
        form,
        lambda: actions.record_consent(
            story, by=viewer, terms=form.terms(), how_given=form.cleaned_data.get("how_given", "")
        ),
    )
    if record_ is not None:
        story.consent = record_
        return _after_telling(request, story)
    history = story.consents.select_related("recorded_by").order_by("-recorded_at", "-id")
    context = {"story": story, "form": form, "history": history, "on_behalf": on_behalf}
    return render(request, "stories/story_consent.html", context)


@login_required
def withdraw(request: HttpRequest, story_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    story = access.get_story_for_checker(viewer, story_id)
    form = WithdrawForm(request.POST or None)
    done = _submit(request, form, lambda: actions.withdraw_story(story, by=viewer, reason=form.cleaned_data["reason"]))
    if done is not None:
        if access.is_teller(story, viewer):
            messages.success(request, "Your story is withdrawn. Only you can see it now.")
            return redirect("stories:detail", story.pk)
        messages.success(request, "The story is withdrawn. Only its teller can see it now.")
        return redirect("stories:community_list", story.community.slug)
    context = {"story": story, "form": form, "is_teller": access.is_teller(story, viewer)}
    return render(request, "stories/story_withdraw.html", context)


@login_required
def check(request: HttpRequest, story_id: int) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    story = access.get_story_for_checker(viewer, story_id)
    flags = checking.flags_for(story)
    form = CheckForm(request.POST or None, flags=flags, initial={"digest": story.content_digest})
    removed = _submit(
        request,
        form,
        lambda: actions.check_story(
            story, by=viewer, digest=form.cleaned_data["digest"], redact=form.cleaned_data.get("remove", [])
        ),
    )
    if removed is not None:
        count = len(removed)
        messages.success(
            request,
            f"Checked. {count} detail{'s' if count != 1 else ''} removed." if count else "Checked. Nothing removed.",
        )
        return redirect("stories:detail", story.pk)
    if request.method == "POST" and form.errors:
        # The story changed under the form: show it as it now reads, every finding ticked again.
        story.refresh_from_db()
        flags = checking.flags_for(story)
        fresh = {"digest": story.content_digest, "remove": [item.id for item in flags]}
        form = CheckForm(fresh, flags=flags)
        form.is_valid()
        form.add_error(None, "The story changed while you were checking it. Look at it again.")
    by_field: dict[str, list[Any]] = {}
    for item in flags:
        by_field.setdefault(item.field, []).append(item.flag)
    fields = [
        {
            "label": checking.FIELD_LABELS[name],
            "segments": checking.segments(getattr(story, name), by_field.get(name, [])),
        }
        for name in CONTENT_FIELDS
        if getattr(story, name)
    ]
    context = {"story": story, "form": form, "flags": flags, "fields": fields}
    return render(request, "stories/story_check.html", context)


def all_stories(request: HttpRequest) -> HttpResponse:
    """Stories shared across Groundswell, for people signed in; the public stories for everyone else."""
    viewer = _viewer(request)
    use = Use.GROUNDSWELL if viewer is not None else Use.PUBLIC
    genre = request.GET.get("genre", "")
    stories = Story.objects.readable_by(viewer, use=use)
    if genre in Genre.values:
        stories = stories.filter(genre=genre)
    page = paginate_uncounted(request, _listing(stories), per_page=20)
    context = {
        "page": page,
        "rows": _rows(page.object_list, viewer),
        "public": viewer is None,
        "genres": Genre.choices,
        "genre": genre if genre in Genre.values else "",
    }
    return render(request, "stories/all_stories.html", context)


@login_required
def my_stories(request: HttpRequest) -> HttpResponse:
    viewer: Person = request.user  # type: ignore[assignment]
    page = paginate(request, _listing(Story.objects.told_by(viewer)), per_page=20)
    return render(request, "stories/my_stories.html", {"page": page, "rows": _rows(page.object_list, viewer)})


def _cell(value: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula, by prefixing a single quote."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


@login_required
def export(request: HttpRequest, slug: str) -> HttpResponse:
    """The community's stories as CSV, for its convenors: only those whose tellers agreed to the
    chosen use, each teller named as they agreed to be."""
    viewer: Person = request.user  # type: ignore[assignment]
    community = access.get_community_for_exporter(viewer, slug)
    form = ExportForm(request.GET)
    if not form.is_valid():
        messages.error(request, "Choose what the stories are for.")
        return redirect("stories:community_list", community.slug)
    use = form.cleaned_data["use"]
    stories = list(
        Story.objects.readable_by(viewer, use=use)
        .filter(community=community)
        .select_related("teller", "consent")
        .order_by("created_at", "id")
    )
    actions.record_export(community, by=viewer, use=use, count=len(stories))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"{community.slug}-stories-{use}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(
        ["id", "title", "kind", "when", "where", "what happened", "what changed", "why it matters",
         "told by", "told on", "agreed uses", "consent ends", "link"]
    )  # fmt: skip
    base = request.build_absolute_uri("/").rstrip("/")
    for story in stories:
        assert story.consent is not None
        cells = [
            str(story.pk),
            story.title,
            story.get_genre_display(),
            story.period,
            story.place,
            story.what_happened,
            story.what_changed,
            story.why_it_matters,
            # Exports name tellers as they agreed, whoever downloads them.
            shown_teller(story, None),
            f"{timezone.localdate(story.created_at):%Y-%m-%d}",
            "; ".join(use.label for use in story.consent.uses),
            f"{story.consent.expires_on:%Y-%m-%d}" if story.consent.expires_on else "",
            base + story.get_absolute_url(),
        ]
        writer.writerow([_cell(cell) for cell in cells])
    return response
