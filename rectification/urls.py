from django.urls import path

from .views import findings as finding_views
from .views import sources as source_views

app_name = "rectification"
urlpatterns: list = [
    # Each part adds its own; the names the models link to: "list" (<pk>), "item" (<pk>).
    # Sources and coverage (rectification.sources).
    path("<int:pk>/coverage/", source_views.coverage, name="coverage"),
    path("<int:pk>/sources/take/", source_views.source_take, name="source_take"),
    path("<int:pk>/sources/merge/", source_views.source_merge, name="source_merge"),
    path("<int:pk>/sources/set-aside/", source_views.source_set_aside, name="source_set_aside"),
    path("<int:pk>/sources/set-aside/undo/", source_views.source_set_aside_undo, name="source_set_aside_undo"),
    path("list/<int:pk>/sources/", source_views.list_sources, name="list_sources"),
    path("list/<int:pk>/sources/take/", source_views.list_take, name="list_take"),
    path("list/<int:pk>/sources/import/", source_views.outline_import, name="outline_import"),
    # Upper findings (巡视巡察).
    path("<int:pk>/findings/", finding_views.findings, name="findings"),
    path("findings/<int:pk>/", finding_views.finding_edit, name="finding_edit"),
    path("findings/<int:pk>/delete/", finding_views.finding_delete, name="finding_delete"),
]
