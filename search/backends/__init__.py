"""Search engines, chosen by ``settings.INTELLIGENT_CENTER_SEARCH["BACKEND"]``."""

from __future__ import annotations

from django.conf import settings

from .base import SearchBackend

_cache: dict[str, SearchBackend] = {}


def get_backend(name: str | None = None) -> SearchBackend:
    config = settings.INTELLIGENT_CENTER_SEARCH
    name = name or config.get("BACKEND", "embedded")
    key = f"{name}:{config.get('ELASTICSEARCH_URL', '')}:{config.get('ELASTICSEARCH_INDEX_PREFIX')}"
    if key not in _cache:
        if name == "embedded":
            from .embedded import embedded_backend

            _cache[key] = embedded_backend()
        elif name == "elasticsearch":
            from .elasticsearch import ElasticsearchBackend

            _cache[key] = ElasticsearchBackend(
                url=config["ELASTICSEARCH_URL"],
                index_prefix=config.get("ELASTICSEARCH_INDEX_PREFIX", "intelligent_center"),
                major_version=int(config.get("ELASTICSEARCH_MAJOR_VERSION", 9)),
                icu=bool(config.get("ELASTICSEARCH_ICU", False)),
            )
        else:
            raise ValueError(f"Unknown search backend {name!r} (embedded or elasticsearch)")
    return _cache[key]
