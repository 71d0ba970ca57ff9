from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourceCollectionsConfig(AppConfig):
    name = "resource_collections"
    verbose_name = _("Collections of resources")
    default_auto_field = "django.db.models.BigAutoField"
