"""Production settings fail fast and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "intelligent_center.settings.production"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _run("import django; django.setup()", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _run("import django; django.setup()", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_production_deploy_checks_are_clean():
    result = _run(
        "from django.core.management import execute_from_command_line as r;"
        "r(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        SECRET_KEY="k" * 64 + "-not-a-dev-key-9f3c2",
        ALLOWED_HOSTS="intelligent-center.example",
    )
    assert result.returncode == 0, result.stderr
