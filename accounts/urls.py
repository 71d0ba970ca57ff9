from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile_edit, name="profile"),
    path("my-work/", views.my_work, name="my_work"),
    path("moodle/link/", views.lti_link, name="lti_link"),
    path("moodle/unlink/<int:link_id>/", views.lti_unlink, name="lti_unlink"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("reading/", views.reading_position, name="reading_position"),
    path("api-token/", views.api_token, name="api_token"),
    path("people/<slug:key>/", views.profile_public, name="profile_public"),
]
