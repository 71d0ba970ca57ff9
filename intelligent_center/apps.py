from django.apps import AppConfig


class IntelligentCenterConfig(AppConfig):
    """The site itself: health endpoints, error pages, the anonymous page cache, the media gate."""

    name = "intelligent_center"
    verbose_name = "Intelligent Center"

    def ready(self) -> None:
        from . import receivers  # noqa: F401
