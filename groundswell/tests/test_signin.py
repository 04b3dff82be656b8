import re

from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import override_settings

from groundswell.people.models import Person
from groundswell.testing import PASSWORD, BaseTestCase


class SignInByCodeTestCase(BaseTestCase):
    def test_it_signs_in_with_a_code_sent_by_email(self) -> None:
        response = self.client.post("/accounts/login/code/", {"email": "mina@example.org"})
        self.assertRedirects(response, "/accounts/login/code/confirm/")
        self.assertEqual(mail.outbox[0].to, ["mina@example.org"])
        code = re.search(r"^\s*([A-Z0-9]{4}-?[A-Z0-9]{4})\s*$", str(mail.outbox[0].body), re.MULTILINE)
        assert code, mail.outbox[0].body
        response = self.client.post("/accounts/login/code/confirm/", {"code": code.group(1)})
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertContains(self.client.get("/"), "Hello, Mina Member")

    def test_it_refuses_a_wrong_code(self) -> None:
        self.client.post("/accounts/login/code/", {"email": "mina@example.org"})
        response = self.client.post("/accounts/login/code/confirm/", {"code": "WRONG1"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(self.client.get("/"), "Sign in or join")


class SignInWithPasswordTestCase(BaseTestCase):
    def test_it_accepts_an_optional_password(self) -> None:
        response = self.client.post("/accounts/login/", {"login": "colin@example.org", "password": PASSWORD})
        self.assertRedirects(response, "/", fetch_redirect_response=False)

    def test_it_signs_out_on_post(self) -> None:
        self.client.force_login(self.core)
        self.client.post("/accounts/logout/")
        self.assertRedirects(self.client.get("/people/"), "/accounts/login/?next=/people/")


class SignUpTestCase(BaseTestCase):
    def test_it_signs_up_with_just_an_email_address(self) -> None:
        response = self.client.post("/accounts/signup/", {"email": "new.person@council.example.gov"})
        self.assertEqual(response.status_code, 302)
        person = Person.objects.get(email="new.person@council.example.gov")
        self.assertFalse(person.has_usable_password())
        self.assertEqual(person.display_name, "New Person")
        self.assertIn("new.person@council.example.gov", mail.outbox[0].to)


class StaffNeedAnAuthenticatorTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.admin = Person.objects.create_superuser("admin@example.org", PASSWORD, display_name="Admin")

    def test_it_sends_staff_without_totp_to_set_it_up(self) -> None:
        self.client.force_login(self.admin)
        self.assertRedirects(self.client.get("/admin/"), "/accounts/2fa/totp/activate/", fetch_redirect_response=False)

    def test_it_lets_staff_with_totp_into_the_admin(self) -> None:
        Authenticator.objects.create(user=self.admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
        self.client.force_login(self.admin)
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    @override_settings(GROUNDSWELL_REQUIRE_STAFF_MFA=False)
    def test_it_can_be_relaxed_for_the_local_demo(self) -> None:
        self.client.force_login(self.admin)
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_it_keeps_non_staff_out_of_the_admin(self) -> None:
        self.client.force_login(self.member)
        response = self.client.get("/admin/")
        self.assertRedirects(response, "/admin/login/?next=/admin/", fetch_redirect_response=False)
