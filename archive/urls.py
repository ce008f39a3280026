from django.urls import path

from . import views

app_name = "archive"

urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/archive/", views.archive_meeting, name="archive"),
    path("<int:pk>/rebuild/", views.rebuild, name="rebuild"),
    path("<int:pk>/verify/", views.verify, name="verify"),
    path("<int:pk>/download/", views.download, name="download"),
]
