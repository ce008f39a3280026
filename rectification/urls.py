from django.urls import path

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
]
