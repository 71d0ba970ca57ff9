"""The read-only public JSON API at /api/v1/ (OpenAPI schema at /api/v1/openapi.json).

Each app contributes a router; this module only assembles them.
"""

from ninja import NinjaAPI

from content.api import resources_router
from content.api import router as content_router

api = NinjaAPI(
    title="Intelligent Center API — คลังปัญญาอาชีวศึกษา",
    version="1.0.0",
    description=(
        "Read-only data of the Intelligent Center: OVEC's fields of study of excellence and "
        "their knowledge banks. ข้อมูลคลังปัญญาอาชีวศึกษาแบบอ่านอย่างเดียว"
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
)
api.add_router("/", content_router)
api.add_router("/", resources_router)
api.add_router("/", "workforce.api.router")
api.add_router("/", "search.api.router")
