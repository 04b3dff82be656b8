"""How the JSON API knows who is calling: a personal access token, or the browser session."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from groundswell.people import actions
from groundswell.people.models import Person


class TokenAuth(HttpBearer):
    """A personal access token sent as ``Authorization: Bearer <token>``."""

    def authenticate(self, request: HttpRequest, token: str) -> Person | None:
        token = token.strip()
        if not token:
            return None
        return actions.authenticate_token(token)


class SessionAuth(APIKeyCookie):
    """The browser's signed-in session, so htmx pages can call the API.

    A session cookie is sent by the browser on its own, so every unsafe request made with it
    must carry the CSRF token (the ``X-CSRFToken`` header), as Django's forms do.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a signed-in session there is nothing to forge: let the caller fall through to
        # 401 instead of a misleading CSRF failure.
        if not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header with the csrftoken cookie's value.")
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Person | None:
        user = request.user
        return user if isinstance(user, Person) and user.is_active else None


def caller(request: HttpRequest) -> Person:
    """Return the person making an authenticated API request."""
    person = getattr(request, "auth", None)
    if not isinstance(person, Person):
        # Only reachable if an operation is wrongly declared with auth=None.
        raise HttpError(401, "Authentication required.")
    return person
