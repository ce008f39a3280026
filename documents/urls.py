from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("new/<slug:kind>/<slug:fmt>/<int:object_id>/", views.request_file, name="request"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/download/", views.download, name="download"),
]
