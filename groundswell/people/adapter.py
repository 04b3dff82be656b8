from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    """Fit allauth to Groundswell's Person: email only, a name to show."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(getattr(settings, "GROUNDSWELL_OPEN_SIGNUP", True))

    def populate_username(self, request: HttpRequest, user: Any) -> None:
        # People have no username; they sign in with their email address.
        return None

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        if not user.display_name:
            # A first guess from the address; people are asked to check it on their profile.
            user.display_name = user.email.split("@")[0].replace(".", " ").title()[:120]
        if commit:
            user.save()
        return user
