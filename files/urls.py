from django.urls import path

from . import views

app_name = "files"

urlpatterns = [
    path("documents/<int:document_id>/read/", views.document_read, name="document_read"),
    path(
        "simulators/<uuid:key>/<str:token>/<path:path>",
        views.simulator_file,
        name="simulator_file",
    ),
    path("simulators/<int:page_id>/attempts/", views.attempt_create, name="attempt_create"),
    path("attempts/", views.my_attempts, name="my_attempts"),
]
