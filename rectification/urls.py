from django.urls import path

from .views import documents, imports
from . import views

app_name = "rectification"
urlpatterns: list = [
    # Each part adds its own; the names the models link to: "list" (<pk>), "item" (<pk>).
    path("<int:pk>/documents/", documents.documents_page, name="documents"),
    path("<int:pk>/documents/table.xlsx", documents.meeting_table_xlsx, name="meeting_table_xlsx"),
    path("<int:pk>/documents/table.pdf", documents.meeting_table_pdf, name="meeting_table_pdf"),
    path("list/<int:pk>/import/", imports.list_import, name="import"),
    # A meeting's lists, starting one, 备案.
    path("<int:pk>/", views.meeting_home, name="meeting"),
    path("<int:pk>/start/<slug:kind>/", views.list_start, name="list_start"),
    path("<int:pk>/file/", views.file, name="file"),
    # One list: its items, its moves.
    path("list/<int:pk>/", views.list_detail, name="list"),
    path("list/<int:pk>/items/new/", views.item_new, name="item_new"),
    path("list/<int:pk>/act/<slug:name>/", views.transition, name="transition"),
    # One item and its measures.
    path("item/<int:pk>/", views.item_detail, name="item"),
    path("item/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("item/<int:pk>/delete/", views.item_remove, name="item_delete"),
    path("item/<int:pk>/measures/new/", views.measure_new, name="measure_new"),
    path("item/<int:pk>/measures/<int:measure_id>/", views.measure_edit, name="measure_edit"),
    path("item/<int:pk>/measures/<int:measure_id>/delete/", views.measure_remove, name="measure_delete"),
]
