"""The API's doors and its errors: tokens, the session with CSRF, and bad input answered as JSON."""

from __future__ import annotations

import json
from typing import Any

from django.middleware.csrf import CSRF_ALLOWED_CHARS
from django.test import Client
from django.utils.crypto import get_random_string

from groundswell.communities.models import Community
from groundswell.people import actions as people_actions
from groundswell.testing import BaseTestCase


def bearer(person) -> dict[str, str]:
    _, raw = people_actions.create_api_token(person, name="tests")
    return {"Authorization": f"Bearer {raw}"}


class ApiAuthenticationTestCase(BaseTestCase):
    def assert_error(self, response, status: int) -> dict[str, Any]:
        self.assertEqual(response.status_code, status, response.content)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        body: dict[str, Any] = response.json()
        self.assertIsInstance(body["detail"], str)
        return body

    def test_it_answers_401_without_a_token(self):
        response = self.client.get("/api/v1/me")
        self.assert_error(response, 401)
        self.assertEqual(response["WWW-Authenticate"], 'Bearer realm="api"')

    def test_it_answers_401_to_a_write_without_a_token(self):
        """No credentials at all is 401, not a CSRF failure."""
        response = self.client.post(
            "/api/v1/communities", {"name": "X", "purpose": "Y"}, content_type="application/json"
        )
        self.assert_error(response, 401)
        self.assertFalse(Community.objects.filter(name="X").exists())

    def test_it_answers_401_with_an_unknown_token(self):
        for header in ["Bearer gs_not-a-real-token", "Bearer", "Bearer   ", "Basic Zm9vOmJhcg==", "gs_abc"]:
            with self.subTest(header=header):
                self.assert_error(self.client.get("/api/v1/me", headers={"Authorization": header}), 401)

    def test_it_answers_401_with_a_revoked_token(self):
        token, raw = people_actions.create_api_token(self.member, name="notebook")
        headers = {"Authorization": f"Bearer {raw}"}
        self.assertEqual(self.client.get("/api/v1/me", headers=headers).status_code, 200)
        people_actions.revoke_api_token(token, by=self.member)
        self.assert_error(self.client.get("/api/v1/me", headers=headers), 401)

    def test_it_answers_401_for_someone_who_was_erased(self):
        headers = bearer(self.outsider)
        people_actions.erase_person(self.outsider, by=self.outsider)
        self.assert_error(self.client.get("/api/v1/me", headers=headers), 401)

    def test_it_knows_the_caller_by_token(self):
        response = self.client.get("/api/v1/me", headers=bearer(self.lay))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["display_name"], "Lee Lay")

    def test_it_knows_the_caller_by_session(self):
        self.client.force_login(self.lay)
        response = self.client.get("/api/v1/me")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["display_name"], "Lee Lay")

    def test_it_refuses_a_session_write_without_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.outsider)
        response = client.post(
            "/api/v1/communities", {"name": "Forged", "purpose": "Y"}, content_type="application/json"
        )
        body = self.assert_error(response, 403)
        self.assertIn("CSRF", body["detail"])
        self.assertFalse(Community.objects.filter(name="Forged").exists())

    def test_it_accepts_a_session_write_with_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.outsider)
        secret = get_random_string(32, CSRF_ALLOWED_CHARS)
        client.cookies["csrftoken"] = secret
        response = client.post(
            "/api/v1/communities",
            {"name": "Asked for", "purpose": "Y"},
            content_type="application/json",
            headers={"X-CSRFToken": secret},
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertTrue(Community.objects.filter(name="Asked for").exists())

    def test_it_needs_no_csrf_token_with_a_bearer_token(self):
        """A bearer token is not sent by the browser on its own, so it cannot be forged."""
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            "/api/v1/communities",
            {"name": "Scripted", "purpose": "Y"},
            content_type="application/json",
            headers=bearer(self.outsider),
        )
        self.assertEqual(response.status_code, 201, response.content)

    def test_it_serves_the_openapi_document_without_a_token(self):
        self.assertEqual(self.client.get("/api/v1/openapi.json").status_code, 200)


class ApiBadInputTestCase(BaseTestCase):
    """Bad input answers 4xx with a JSON detail, never 500."""

    headers: dict[str, str]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.headers = bearer(cls.convenor)

    def send(self, method: str, url: str, body: str | None = None):
        if body is None:
            return getattr(self.client, method)(url, headers=self.headers)
        return getattr(self.client, method)(url, body, content_type="application/json", headers=self.headers)

    def assert_refused(
        self, method: str, url: str, body: str | None = None, status: int | None = None
    ) -> dict[str, Any]:
        response = self.send(method, url, body)
        self.assertGreaterEqual(response.status_code, 400, response.content)
        self.assertLess(response.status_code, 500, response.content)
        if status is not None:
            self.assertEqual(response.status_code, status, response.content)
        body_json: dict[str, Any] = response.json()
        self.assertIsInstance(body_json["detail"], str)
        return body_json

    def test_it_refuses_bad_list_parameters(self):
        for query in [
            "limit=501",
            "limit=0",
            "limit=-1",
            "offset=-1",
            "limit=abc",
            "offset=99999999999999999999999999999",
            "limit=1e3",
            "profession=astronaut",
            "region=atlantis",
            "organisation=0",
            "organisation=99999999999999999999999",
            "q=%00",
            f"q={'x' * 101}",
        ]:
            with self.subTest(query=query):
                self.assert_refused("get", f"/api/v1/people?{query}", status=422)
        for url in [
            "/api/v1/communities?kind=book_club",
            "/api/v1/communities?privacy=secret",
            "/api/v1/communities?lifecycle=zombie",
            "/api/v1/communities?limit=100000",
            "/api/v1/organisations?kind=pub",
            f"/api/v1/communities/{self.community.pk}/members?status=everyone",
            f"/api/v1/communities/{self.community.pk}/members?offset=-5",
        ]:
            with self.subTest(url=url):
                self.assert_refused("get", url, status=422)

    def test_it_lists_field_errors(self):
        body = self.assert_refused("get", "/api/v1/people?limit=501&offset=-1", status=422)
        self.assertEqual(
            sorted(tuple(error["loc"]) for error in body["errors"]), [("query", "limit"), ("query", "offset")]
        )
        self.assertIn("limit", body["detail"])

    def test_it_refuses_bad_bodies(self):
        cases = [
            ("{not json", 400),
            ("", 422),
            ("[]", 422),
            ('"a string"', 422),
            ("null", 422),
            ("{}", 422),
            ('{"name": "X"}', 422),
            ('{"name": "   ", "purpose": "Y"}', 422),
            ('{"name": 5, "purpose": "Y"}', 422),
            ('{"name": "X", "purpose": "Y", "kind": "book_club"}', 422),
            ('{"name": "X", "purpose": "Y", "privacy": "secret"}', 422),
            ('{"name": "X", "purpose": "Y", "lifecycle": "closed"}', 422),
            ('{"name": "X", "purpose": "Y", "colour": "red"}', 422),
            ('{"name": "X\\u0000", "purpose": "Y"}', 422),
            ('{"name": "\\ud800", "purpose": "Y"}', 422),
            (json.dumps({"name": "X" * 161, "purpose": "Y"}), 422),
        ]
        for body, status in cases:
            with self.subTest(body=body):
                self.assert_refused("post", "/api/v1/communities", body, status=status)
        self.assertEqual(Community.objects.count(), 1)

    def test_it_refuses_bad_patches(self):
        person_url = f"/api/v1/people/{self.convenor.pk}"
        for body in [
            '{"profession": null}',
            '{"display_name": ""}',
            '{"profession": "astronaut"}',
            '{"visibility": {"email": "everyone"}}',
            '{"visibility": {"shoe_size": "only_me"}}',
            '{"lay_partner_override": "perhaps"}',
            '{"expertise": "cancer"}',
            json.dumps({"expertise": ["x"] * 51}),
            json.dumps({"bio": "x" * 1001}),
            '{"email": "new@example.org"}',
        ]:
            with self.subTest(body=body):
                self.assert_refused("patch", person_url, body, status=422)
        community_url = f"/api/v1/communities/{self.community.pk}"
        for body in [
            '{"lifecycle": "closed"}',
            '{"lifecycle": "closed", "closing_note": "   "}',
            '{"closing_note": "Done"}',
            '{"privacy": "secret"}',
            '{"name": null}',
        ]:
            with self.subTest(body=body):
                self.assert_refused("patch", community_url, body, status=422)

    def test_it_refuses_bad_member_requests(self):
        url = f"/api/v1/communities/{self.community.pk}/members"
        for body in [
            '{"email": "not an email"}',
            '{"email": "a@example.org", "person_id": 1}',
            '{"email": "a@example.org", "role": "king"}',
            '{"person_id": -1}',
            '{"person_id": 99999999999999999999999}',
            '{"person_id": "me"}',
        ]:
            with self.subTest(body=body):
                self.assert_refused("post", url, body, status=422)
        member_url = f"{url}/{self.member.pk}"
        self.assert_refused("patch", member_url, '{"role": "king"}', status=422)
        self.assert_refused("patch", member_url, "{}", status=422)
        self.assert_refused("delete", f"{member_url}?reason=%00", status=422)

    def test_it_answers_404_for_ids_that_do_not_exist(self):
        for url in [
            "/api/v1/people/99999999999999999999999",
            "/api/v1/people/9223372036854775807",
            "/api/v1/organisations/0",
            "/api/v1/communities/424242",
            "/api/v1/communities/424242/members",
            "/api/v1/communities/abc",
            "/api/v1/no/such/path",
            "/api/v1/me/",
        ]:
            with self.subTest(url=url):
                self.assert_refused("get", url, status=404)
        self.assert_refused("patch", "/api/v1/communities/424242", "{}", status=404)
        self.assert_refused("delete", f"/api/v1/communities/{self.community.pk}/members/424242?reason=x", status=404)

    def test_it_answers_a_wrong_method_in_json(self):
        response = self.send("put", "/api/v1/me", "{}")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response.json()["detail"], "Method PUT is not allowed here. Allowed: GET.")
        self.assertEqual(response["Allow"], "GET")

    def test_it_answers_409_for_a_duplicate(self):
        body = json.dumps({"name": "Northshire GP practice", "kind": "gp_practice", "ods_code": "Y01234"})
        self.assertEqual(self.send("post", "/api/v1/organisations", body).status_code, 201)
        detail = self.assert_refused("post", "/api/v1/organisations", body, status=409)["detail"]
        self.assertIn("Y01234", detail)
