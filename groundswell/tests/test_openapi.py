"""The committed OpenAPI document is the API's contract: it must match the code."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.test import SimpleTestCase

from groundswell.api import api

COMMITTED = settings.BASE_DIR / "docs" / "openapi.json"


def generated_schema() -> dict[str, Any]:
    # As JSON sees it: status codes become string keys, tuples become lists.
    schema: dict[str, Any] = json.loads(json.dumps(api.get_openapi_schema(), sort_keys=True))
    return schema


class OpenApiDriftTestCase(SimpleTestCase):
    def test_it_matches_the_committed_copy(self):
        """A change to the API's schemas or paths must come with a regenerated docs/openapi.json."""
        generated = generated_schema()
        committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
        self.assertTrue(
            generated == committed,
            "docs/openapi.json differs from the API's schema: run `make openapi` and commit the result.",
        )

    def test_it_is_served(self):
        response = self.client.get("/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        self.assertIn("/api/v1/communities/{community_id}/members", response.json()["paths"])

    def test_it_serves_interactive_docs(self):
        self.assertEqual(self.client.get("/api/v1/docs").status_code, 200)

    def test_it_documents_validation_errors(self):
        """Schema-driven clients must know every status an operation may answer."""
        schema = generated_schema()
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                with self.subTest(method=method, path=path):
                    # Operations open to everyone (public stories) declare no security and never answer 401.
                    if operation.get("security"):
                        self.assertIn("401", operation["responses"])
                    if operation.get("parameters") or operation.get("requestBody"):
                        self.assertIn("422", operation["responses"])
