from django.urls import path

from . import views

app_name = "resource_collections"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("save/<int:page_id>/", views.save, name="save"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.update, name="update"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/new-link/", views.reset_link, name="reset_link"),
    path("<int:pk>/items/<int:item_id>/<slug:action>/", views.item_action, name="item_action"),
    path("<int:pk>/export.<slug:fmt>", views.export, name="export"),
    path("shared/<str:token>/", views.shared, name="shared"),
    path("shared/<str:token>/export.<slug:fmt>", views.export, name="shared_export"),
    path("shared/<str:token>/copy/", views.copy, name="shared_copy"),
    path("public/<int:pk>/", views.public, name="public"),
    path("public/<int:pk>/copy/", views.copy, name="public_copy"),
    path("public/<int:pk>/report/", views.report, name="report"),
]
