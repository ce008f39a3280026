from django.urls import path

from .views import documents, imports

app_name = "rectification"
urlpatterns: list = [
    # Each part adds its own; the names the models link to: "list" (<pk>), "item" (<pk>).
    path("<int:pk>/documents/", documents.documents_page, name="documents"),
    path("<int:pk>/documents/table.xlsx", documents.meeting_table_xlsx, name="meeting_table_xlsx"),
    path("<int:pk>/documents/table.pdf", documents.meeting_table_pdf, name="meeting_table_pdf"),
    path("list/<int:pk>/import/", imports.list_import, name="import"),
]
