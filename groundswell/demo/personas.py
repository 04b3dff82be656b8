"""The demo logins: one person per persona, all with the same demo password.

These names are a contract between `seed_demo`, `demo_logins` and the browser tests.
"""

from __future__ import annotations

from typing import NamedTuple

DEMO_PASSWORD = "groundswell-demo"


class Persona(NamedTuple):
    key: str
    email: str
    display_name: str
    description: str


PERSONAS = [
    Persona(
        "convenor",
        "amara.okafor@example.org",
        "Amara Okafor",
        "Convenor of the National Cancer Leads Network (lead nurse)",
    ),
    Persona("core", "tom.reyes@example.org", "Dr Tom Reyes", "GP, core member of the GP Cancer Community"),
    Persona(
        "lay",
        "grace.mensah@example.org",
        "Grace Mensah",
        "Carer, lay partner in the GP Cancer Community and the Lay Panel",
    ),
    Persona(
        "centre",
        "priya.shah@example.org",
        "Priya Shah",
        "National programme team; sponsor of the National Cancer Leads Network",
    ),
    Persona("admin", "sam.admin@example.org", "Sam Admin", "Groundswell administrator (staff)"),
]
