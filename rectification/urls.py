from django.urls import path

from . import views
from .views import disclosure, public

app_name = "rectification"
urlpatterns: list = [
    # Each part adds its own; the names the models link to: "list" (<pk>), "item" (<pk>).
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
]
