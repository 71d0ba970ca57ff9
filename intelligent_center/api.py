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
        "Open data of the Intelligent Center: OVEC's fields of study of excellence and "
        "their knowledge banks (read-only), and a signed-in user's own collections (session or "
        "personal token). ข้อมูลคลังปัญญาอาชีวศึกษา"
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
)
api.add_router("/", content_router)
api.add_router("/", resources_router)
api.add_router("/", "workforce.api.router")
api.add_router("/", "search.api.router")
api.add_router("/", "resource_collections.api.router")


@api.get("/", summary="The API's endpoints and where its schema is", tags=["index"])
def api_index(request):
    """What a newcomer finds at /api/v1/: each endpoint, the OpenAPI schema and the docs."""
    schema = api.get_openapi_schema(path_prefix=request.path)
    origin = request.build_absolute_uri("/").rstrip("/")
    return {
        "title": api.title,
        "version": api.version,
        "schema": request.build_absolute_uri(request.path + "openapi.json"),
        "docs": request.build_absolute_uri(request.path + "docs"),
        "endpoints": [
            {
                "path": path,
                "url": origin + path,
                "summary": operation.get("summary", ""),
            }
            for path, methods in schema["paths"].items()
            for operation in methods.values()
            if path != request.path
        ],
    }
