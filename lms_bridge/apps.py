from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsBridgeConfig(AppConfig):
    name = "lms_bridge"
    verbose_name = _("Moodle (LTI 1.3) bridge")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - connects the listeners
