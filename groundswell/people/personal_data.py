"""Where each app declares the personal data it holds, so export and erasure reach all of it.

The people app sits below the apps that hold copies of a person's data (a registration keeps the
name and email it was made with, a story keeps its teller), so it cannot import them. Each such
app registers a holder in its AppConfig.ready(); ``export_personal_data`` and ``erase_person``
call every holder (UK GDPR Articles 15, 17 and 20).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from groundswell.people.models import Person


@dataclass(frozen=True)
class Holder:
    section: str
    export: Callable[[Person], Any]
    erase: Callable[[Person], None]


_HOLDERS: dict[str, Holder] = {}


def register(section: str, *, export: Callable[[Person], Any], erase: Callable[[Person], None]) -> None:
    """Declare that an app holds personal data, under `section` of the export."""
    _HOLDERS[section] = Holder(section, export, erase)


def holders() -> list[Holder]:
    """Every registered holder, in the order the sections appear in an export."""
    return [_HOLDERS[name] for name in sorted(_HOLDERS)]
