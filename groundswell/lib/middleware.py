from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect


class StaffMfaMiddleware:
    """Keep staff out of the admin until they have set up an authenticator app (TOTP)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.GROUNDSWELL_REQUIRE_STAFF_MFA
            and request.path.startswith("/admin/")
            and user.is_authenticated
            and user.is_staff
        ):
            from allauth.mfa.models import Authenticator

            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                messages.warning(request, "Set up an authenticator app before using the admin site.")
                return redirect("mfa_activate_totp")
        return self.get_response(request)


class ApiMethodNotAllowedMiddleware:
    """Answer a wrong HTTP method on an API path in JSON, like every other API error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            allowed = response.get("Allow", "")
            json_response = JsonResponse(
                {"detail": f"Method {request.method} is not allowed here. Allowed: {allowed}."}, status=405
            )
            json_response["Allow"] = allowed
            return json_response
        return response
