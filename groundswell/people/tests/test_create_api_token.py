"""`manage.py create_api_token` prints a working token for scripts and integrations."""

from __future__ import annotations

import io

from django.core.management import CommandError, call_command

from groundswell.people.models import ApiToken
from groundswell.testing import BaseTestCase


class CreateApiTokenCommandTestCase(BaseTestCase):
    def test_it_prints_a_token_that_works(self):
        stdout = io.StringIO()
        call_command("create_api_token", email="Mina@Example.org", name="notebook", stdout=stdout, stderr=io.StringIO())
        raw = stdout.getvalue().strip()
        token = ApiToken.objects.get(person=self.member)
        self.assertEqual(token.name, "notebook")
        self.assertNotEqual(token.token_hash, raw)
        response = self.client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
        self.assertEqual(response.json()["id"], self.member.pk)

    def test_it_refuses_an_unknown_email(self):
        with self.assertRaisesMessage(CommandError, "No one with the email nobody@example.org"):
            call_command("create_api_token", email="nobody@example.org", stdout=io.StringIO())
        self.assertFalse(ApiToken.objects.exists())
