from django.urls import path

from . import views

app_name = "content"
urlpatterns = [path("", views.oai_pmh, name="oai")]
