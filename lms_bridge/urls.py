from django.urls import path

from . import views

app_name = "lms_bridge"

urlpatterns = [
    path("jwks.json", views.jwks, name="jwks"),
    path("login/", views.login, name="login"),
    path("launch/", views.launch, name="launch"),
    path("open/", views.open_ticket, name="open"),
    path("deep-linking/", views.deep_linking_target, name="deep_linking"),
    path("register/<str:invite>/", views.register, name="register"),
    path("picker/<str:token>/", views.picker, name="picker"),
    path("picker/<str:token>/field/", views.picker_field, name="picker_field"),
    path("picker/<str:token>/return/", views.picker_return, name="picker_return"),
    path("picker/<str:token>/link/", views.picker_link, name="picker_link"),
    path("roster/<str:token>/", views.roster, name="roster"),
]
