"""gunicorn preloads the application and warms it before forking (intelligent_center/warmup.py):
each worker's first page was 2.5 s and a cold start timed out its first 16 requests."""

from intelligent_center.warmup import _public_template_names, warm_up


def test_warm_up_touches_no_database():
    """A connection opened before the fork would be shared by every worker process. Without
    the ``db`` fixture pytest-django refuses any connection: this fails if warm-up opens one."""
    assert warm_up() > 0


def test_the_site_templates_are_warmed_not_the_admin():
    names = _public_template_names()
    assert "base.html" in names and "404.html" in names
    assert "lms_bridge/picker.html" in names
    assert not [name for name in names if name.startswith("wagtailadmin/")]


def test_the_wsgi_module_warms_up_when_imported(monkeypatch):
    import importlib
    import sys

    from intelligent_center import warmup

    called = []
    monkeypatch.setattr(warmup, "warm_up", lambda: called.append(True) or 0.0)
    sys.modules.pop("intelligent_center.wsgi", None)
    importlib.import_module("intelligent_center.wsgi")
    assert called == [True]
