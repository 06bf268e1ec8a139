"""The project's own gates, run as tests so the one test command covers them."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def run(*args, env=None):
    environment = {**os.environ, **(env or {})}
    # The browser tests allow sync ORM calls beside Playwright's loop; never a deployment.
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(args, cwd=ROOT, env=environment, capture_output=True, text=True)


def test_production_settings_pass_the_deployment_checks():
    result = run(
        sys.executable,
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "portal.example.cn",
            "DEBUG": "0",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {"DJANGO_ENV": "production", "SECRET_KEY": "", "ALLOWED_HOSTS": "x"}
    result = run(sys.executable, "manage.py", "check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_migrations_are_in_step_with_the_models():
    result = run(sys.executable, "manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_nothing():
    ruff = str(VENV_BIN / "ruff")
    check = run(ruff, "check", ".")
    assert check.returncode == 0, check.stdout
    fmt = run(ruff, "format", "--check", ".")
    assert fmt.returncode == 0, fmt.stdout


def test_chinese_catalog_is_complete_and_compiles():
    po = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]
    untranslated = [e for e in entries if 'msgstr ""' in e and e.rstrip().endswith('msgstr ""')]
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated[:3]}"
    assert "#, fuzzy" not in text
    assert (po.parent / "django.mo").stat().st_mtime > 0
