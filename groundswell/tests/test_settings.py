import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )


class ProductionSettingsTestCase(SimpleTestCase):
    def setUp(self) -> None:
        self.var = tempfile.mkdtemp(prefix="groundswell-settings-")

    def test_it_passes_the_deployment_checklist(self) -> None:
        result = run_manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            SECRET_KEY="x" * 60 + "a-long-random-production-secret",
            ALLOWED_HOSTS="groundswell.example.org",
            GROUNDSWELL_VAR_DIR=self.var,
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout)

    def test_it_refuses_to_start_without_a_secret_key_in_production(self) -> None:
        result = run_manage("check", GROUNDSWELL_VAR_DIR=self.var)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY must be set", result.stderr)

    def test_it_generates_a_development_key_once(self) -> None:
        var = Path(self.var)
        for _ in range(2):
            result = run_manage("check", DEBUG="1", GROUNDSWELL_VAR_DIR=str(var))
            self.assertEqual(result.returncode, 0, result.stderr)
        self.assertGreater(len((var / "secret_key").read_text()), 40)
