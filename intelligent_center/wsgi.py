import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intelligent_center.settings.production")

application = get_wsgi_application()

# gunicorn imports this module once in its master (preload_app): what warms here is shared.
from intelligent_center.warmup import warm_up  # noqa: E402

warm_up()
