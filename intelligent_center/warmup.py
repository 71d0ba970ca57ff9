"""Work every web process would otherwise do on its first request, done once before forking.

gunicorn preloads the application (deploy/gunicorn.conf.py), so what is built here is shared by
every worker. Without it a fresh worker's first page took 2.5 s (PyThaiNLP's dictionary trie
1.3 s, the URL configuration and API schemas the rest): a load balancer that found `/readyz`
green sent traffic to workers whose first 16 requests timed out. No database or cache is touched:
connections opened before the fork would be shared by every worker.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from django.conf import settings

logger = logging.getLogger("intelligent_center")


PUBLIC_TEMPLATE_DIRS = ("templates", "*/templates")  # ours, not Wagtail's admin


def _public_template_names() -> list[str]:
    root = Path(settings.BASE_DIR)
    names = []
    for pattern in PUBLIC_TEMPLATE_DIRS:
        for folder in root.glob(pattern):
            if ".venv" in folder.parts or "node_modules" in folder.parts:
                continue
            names += [str(path.relative_to(folder)) for path in folder.rglob("*.html")]
    return sorted(set(names))


def _compile_templates() -> int:
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template

    compiled = 0
    for name in _public_template_names():
        try:
            get_template(name)  # the cached loader keeps the compiled template
            compiled += 1
        except (TemplateDoesNotExist, TemplateSyntaxError):  # a fragment meant for another loader
            continue
    return compiled


def warm_up() -> float:
    """URLs, translations, the site's templates and the Thai segmenters; returns seconds taken."""
    from django.urls import get_resolver
    from django.utils import translation

    from content.thai_breaks import thai_segments
    from search.analysis import segment_thai

    started = time.monotonic()
    get_resolver().url_patterns  # noqa: B018 - imports every app's urls and API schemas
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Search")  # loads the catalogues of every app once
    templates = _compile_templates()
    thai_segments("คลังปัญญาอาชีวศึกษา")  # builds PyThaiNLP's newmm dictionary trie
    segment_thai("คลังปัญญาอาชีวศึกษา")  # loads the search dictionary
    seconds = time.monotonic() - started
    logger.info("warmed up in %.1f s (%d templates)", seconds, templates)
    return seconds
