"""Know, cheaply, when each person was last here: digests go only to people who have not been back.

The moment is written at sign-in and then at most once every ``SEEN_EVERY``: the session
remembers when it was last written, so reading pages costs no query at all in between.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

SEEN_KEY = "groundswell.last_seen"
SEEN_EVERY = 15 * 60


def _stale(request: HttpRequest) -> bool:
    stamp = request.session.get(SEEN_KEY)
    return not isinstance(stamp, int | float) or time.time() - stamp >= SEEN_EVERY


def _write(request: HttpRequest, person: Any) -> None:
    from groundswell.conversations import actions

    actions.record_visit(person)
    request.session[SEEN_KEY] = time.time()


class LastSeenMiddleware:
    """Record a signed-in person's visit when the last record is older than ``SEEN_EVERY``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and hasattr(request, "session")
            and user.is_authenticated
            and response.status_code < 400
            and _stale(request)
        ):
            _write(request, user)
        return response


def seen_at_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Signing in is a visit; it also starts the session's clock for the middleware."""
    if request is not None and hasattr(request, "session"):
        _write(request, user)
