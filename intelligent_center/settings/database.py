"""Database: ``DATABASE_URL`` (any URL dj-database-url understands), else a local SQLite file."""

from pathlib import Path

import dj_database_url

from . import env


def database_settings(base_dir: Path) -> dict:
    url = env.DATABASE_URL or f"sqlite:///{base_dir / 'db.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the dev server read while a background import writes.
        config.setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
        config["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
        config["CONN_MAX_AGE"] = 0
    return {"default": config}
