from django.urls import path

from .feeds import FieldResourcesFeed, NewResourcesFeed, TypeResourcesFeed

app_name = "feeds"
urlpatterns = [
    path("", NewResourcesFeed(), name="all"),
    path("type/<slug:type_key>/", TypeResourcesFeed(), name="type"),
    path("<str:field_code>/", FieldResourcesFeed(), name="field"),
]
