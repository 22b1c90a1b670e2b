"""
Production settings, checked in a fresh process: settings are read once at import, and this
process imported them in test mode (RUNNING_TESTS relaxes a few defaults).
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, services: bool = True, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py in a new process with only `env` set (and PostgreSQL and Redis, if `services`)."""
    # A clean slate: nothing from a developer's shell may relax the production defaults.
    base = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG", "TMPDIR"}}
    if services:
        # Neither is contacted by `check`; they make the database, cache and broker what production
        # has, so that checks about them see the production shape.
        base["DATABASE_URL"] = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hwb")
        base["REDIS_URL"] = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "example.org",
    "HTTPS": "true",
    "PUBLIC_URL": "https://example.org",
}
ENV_EXAMPLE_SECRET_KEY = re.search(r"^SECRET_KEY=(.*)$", (ROOT / ".env.example").read_text(), re.M)[1]


class TestProductionSettings:
    def test_deploy_check_reports_nothing(self):
        secret_key = get_random_secret_key()  # 50 characters, as check --deploy asks.

        result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, SECRET_KEY=secret_key)

        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        assert "WARNINGS" not in output
        assert "System check identified no issues" in output

    def test_deploy_check_warns_of_a_public_url_that_is_not_the_sites(self):
        settings = {
            **PRODUCTION,
            "SECRET_KEY": get_random_secret_key(),
            "PUBLIC_URL": "http://localhost:8000",
        }

        result = manage("check", "--deploy", **settings)

        assert "core.W001" in result.stdout + result.stderr

    def test_without_a_public_url_links_go_to_the_first_allowed_host_over_https(self):
        settings = {**PRODUCTION, "SECRET_KEY": get_random_secret_key()}
        del settings["PUBLIC_URL"]

        code = "from django.conf import settings; print(settings.PUBLIC_URL)"
        result = manage("shell", "--no-imports", "-c", code, **settings)

        assert result.stdout.strip().splitlines()[-1] == "https://example.org"

    def test_refuses_to_start_without_a_secret_key(self):
        result = manage("check", **PRODUCTION)

        assert result.returncode != 0
        assert "SECRET_KEY is not set" in result.stderr

    @pytest.mark.parametrize(
        ("secret_key", "reason"),
        [
            (ENV_EXAMPLE_SECRET_KEY, "it contains 'change-me', so it is a placeholder"),
            ("too-short", "it is shorter than 50 characters"),
            ("django-insecure-" + get_random_secret_key(), "it contains 'insecure'"),
            ("abcdefghij12" * 5, "it repeats 'abcdefghij12'"),
            ("a" * 30 + "b" * 30, "it uses fewer than 10 different characters"),
        ],
        ids=["the .env.example placeholder", "short", "django-insecure", "repeated", "few characters"],
    )
    def test_refuses_to_start_with_a_weak_secret_key(self, secret_key, reason):
        result = manage("check", **PRODUCTION, SECRET_KEY=secret_key)

        assert result.returncode != 0
        assert f"SECRET_KEY is too weak to sign sessions: {reason}" in result.stderr
        assert "secrets.token_urlsafe(50)" in result.stderr

    def test_starts_with_a_key_made_as_env_example_says(self):
        secret_key = secrets.token_urlsafe(50)

        result = manage("check", **PRODUCTION, SECRET_KEY=secret_key)

        assert result.returncode == 0, result.stderr


class TestLogsAndKeys:
    def test_production_logs_json_lines_and_development_text(self):
        show = "from django.conf import settings; print(settings.LOGGING['handlers']['console']['formatter'])"
        production = manage("shell", "-c", show, **PRODUCTION, SECRET_KEY=secrets.token_urlsafe(50))
        development = manage("shell", "-c", show, services=False, DEBUG="true")
        chosen = manage("shell", "-c", show, services=False, DEBUG="true", LOG_FORMAT="json")

        assert production.stdout.split()[-1] == "json", production.stderr
        assert development.stdout.split()[-1] == "text", development.stderr
        assert chosen.stdout.split()[-1] == "json", chosen.stderr

    def test_refuses_an_unknown_log_format(self):
        result = manage("check", services=False, DEBUG="true", LOG_FORMAT="xml")

        assert result.returncode != 0
        assert "LOG_FORMAT must be json or text, not 'xml'" in result.stderr

    def test_a_value_signed_with_the_previous_key_is_still_accepted(self):
        old, new = secrets.token_urlsafe(50), secrets.token_urlsafe(50)
        sign = "from django.core import signing; print(signing.dumps('still signed in'))"
        signed = manage("shell", "-c", sign, **PRODUCTION, SECRET_KEY=old).stdout.split()[-1]
        load = f"from django.core import signing; print(signing.loads({signed!r}))"

        rotated = manage("shell", "-c", load, **PRODUCTION, SECRET_KEY=new, SECRET_KEY_FALLBACKS=old)
        without = manage("shell", "-c", load, **PRODUCTION, SECRET_KEY=new)

        assert rotated.stdout.strip().endswith("still signed in"), rotated.stderr
        assert "BadSignature" in without.stderr


class TestDevelopmentSettings:
    def test_debug_runs_without_any_configuration(self):
        result = manage("check", services=False, DEBUG="true")

        assert result.returncode == 0, result.stdout + result.stderr


class TestTestRunIsolation:
    """Two test runs on one machine (two checkouts, CI beside a developer) share no state."""

    def test_database_cache_and_queue_carry_this_runs_id(self, settings):
        run_id = os.environ["HWB_TEST_RUN_ID"]

        assert run_id and settings.TEST_RUN_ID == run_id
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
            # pytest-xdist's workers: pytest-django adds the worker's name again ("_gw0").
            worker = os.environ.get("PYTEST_XDIST_WORKER", "")
            name = settings.DATABASES["default"]["TEST"]["NAME"]
            assert name.endswith(f"_{run_id}") or name.endswith(f"_{run_id}_{worker}")
        if settings.REDIS_URL:
            assert settings.CACHES["default"]["KEY_PREFIX"] == f"hwb-test-{run_id}"
        assert settings.CELERY_TASK_DEFAULT_QUEUE == f"hwb-test-{run_id}"

    def test_a_second_run_gets_other_names(self):
        env = {key: value for key, value in os.environ.items() if key != "HWB_TEST_RUN_ID"}
        code = (
            "import sys; sys.modules.setdefault('pytest', sys); "
            "from config import settings as s; print(s.TEST_RUN_ID, s.CELERY_TASK_DEFAULT_QUEUE)"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        )

        other_id, queue = result.stdout.split()
        assert other_id != os.environ["HWB_TEST_RUN_ID"]
        assert queue == f"hwb-test-{other_id}"
