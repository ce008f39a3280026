from django.urls import path

from .views import documents, imports
from . import views
from .views import findings as finding_views
from .views import progress as progress_views
from .views import sources as source_views
from .views import disclosure, public
from .views import carryover

app_name = "rectification"
urlpatterns: list = [
    # Each part adds its own; the names the models link to: "list" (<pk>), "item" (<pk>).
    path("<int:pk>/documents/", documents.documents_page, name="documents"),
    path("<int:pk>/documents/table.xlsx", documents.meeting_table_xlsx, name="meeting_table_xlsx"),
    path("<int:pk>/documents/table.pdf", documents.meeting_table_pdf, name="meeting_table_pdf"),
    path("list/<int:pk>/import/", imports.list_import, name="import"),
    # 公示 (the office's page, by meeting) and the public page (by its token, no login).
    path("<int:pk>/disclosure/", disclosure.disclosure_setup, name="disclosure"),
    path("<int:pk>/disclosure/publish/", disclosure.disclosure_publish, name="disclosure_publish"),
    path("<int:pk>/disclosure/withdraw/", disclosure.disclosure_withdraw, name="disclosure_withdraw"),
    path("<int:pk>/disclosure/qr.<slug:fmt>", disclosure.disclosure_qr, name="disclosure_qr"),
    path("comments/<uuid:pk>/take/", disclosure.comment_take_view, name="comment_take"),
    path("p/<str:token>/", public.public_page, name="public"),
    path("p/<str:token>/c/<str:key>/", public.comment_form, name="public_comment"),
    path("p/<str:token>/thanks/", public.thanks, name="public_thanks"),
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
    # Following an item: progress with evidence, the evidence files, 销号.
    path("measure/<int:pk>/progress/", progress_views.progress_new, name="progress_new"),
    path("evidence/<int:pk>/", progress_views.evidence_download, name="evidence"),
    path("item/<int:pk>/close/<slug:name>/", progress_views.item_move, name="item_move"),
    path("<int:pk>/carry/", carryover.carry, name="carry"),
    path("<int:pk>/carry/settle/", carryover.carry_settle, name="carry_settle"),
    path("<int:pk>/carry/<int:item_pk>/undo/", carryover.carry_undo, name="carry_undo"),
    path("<int:pk>/carried/", carryover.carried, name="carried"),
    path("<int:pk>/carried/<int:item_pk>/reexamine/", carryover.reexamine, name="reexamine"),
]
