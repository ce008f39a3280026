from django.urls import path  # noqa: F401

app_name = "rectification"
urlpatterns: list = [
    # Each part adds its own; the names the models link to: "list" (<pk>), "item" (<pk>).
]
