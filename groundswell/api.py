"""The one NinjaAPI at /api/v1/: each app contributes a Router from its api.py.

Every error answers JSON ``{"detail": "..."}``: 400 bad request, 401 no or bad token, 403
visible but not allowed, 404 absent or not visible to you, 409 conflict, 422 invalid input
(with ``errors``, one per bad field).
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from groundswell.communities.api import router as communities_router
from groundswell.consultations.api import router as consultations_router
from groundswell.conversations.api import router as conversations_router
from groundswell.gatherings.api import router as gatherings_router
from groundswell.people.actions import ActionError
from groundswell.people.api import router as people_router
from groundswell.people.api_auth import SessionAuth, TokenAuth
from groundswell.products.api import router as products_router
from groundswell.stories.api import router as stories_router

logger = logging.getLogger(__name__)


class Encoder(NinjaJSONEncoder):
    def default(self, o: Any) -> Any:
        # Full ISO 8601 with a numeric offset ("+00:00"); Django's encoder would cut
        # microseconds and write "Z".
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


class Renderer(JSONRenderer):
    encoder_class = Encoder
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Groundswell API",
    version="1",
    description=(
        "The JSON API of Groundswell. Authenticate with a personal access token, "
        "`Authorization: Bearer <token>` (create one on your profile page), or from the browser "
        "with your signed-in session plus the `X-CSRFToken` header on changes. Lists take "
        "`?limit=` (default 50, at most 500) and `?offset=` and answer `{items, count}`. "
        "Errors answer `{detail}`; 404 means absent or not visible to you."
    ),
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    renderer=Renderer(),
)

api.add_router("", people_router)
api.add_router("", communities_router)
api.add_router("", gatherings_router)
api.add_router("", consultations_router)
api.add_router("", conversations_router)
api.add_router("", stories_router)
api.add_router("", products_router)


def _error(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _error(request, 401, "Authentication required: send Authorization: Bearer <token> with a live token.")
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # Keep only the parts that are plain data: pydantic's ``ctx`` may hold exception objects,
    # and echoing ``input`` back could return a very large value.
    field_errors = [
        {"loc": list(error.get("loc", [])), "msg": str(error.get("msg", "")), "type": str(error.get("type", ""))}
        for error in exc.errors
    ]
    summary = "; ".join(
        f"{'.'.join(str(part) for part in error['loc'][1:]) or 'body'}: {error['msg']}" for error in field_errors
    )
    return api.create_response(request, {"detail": f"Invalid input: {summary}", "errors": field_errors}, status=422)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "Not found.")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or "You are not allowed to do this.")


@api.exception_handler(ActionError)
def _refused(request: HttpRequest, exc: ActionError) -> HttpResponse:
    # Actions refuse for the state of things (already a member, closed, last convenor):
    # a conflict. Plain bad input is caught by the schemas and endpoints first.
    return _error(request, 409, str(exc))


@api.exception_handler(IntegrityError)
def _integrity(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    # Two requests raced past an action's check; the database constraint kept the data right.
    logger.warning("API integrity error: %s", exc)
    return _error(request, 409, "This conflicts with a change made at the same time; try again.")


@api.exception_handler(SuspiciousOperation)
def _bad_request(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    return _error(request, 400, "Bad request.")


# Added last so it matches only paths no other operation claims: unknown paths under
# /api/v1/ answer JSON 404 as well.
fallback = Router()


@fallback.api_operation(["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", auth=None, include_in_schema=False)
def unknown_path(request: HttpRequest, rest: str) -> HttpResponse:
    return _error(request, 404, "Not found: no such API path.")


api.add_router("", fallback)
