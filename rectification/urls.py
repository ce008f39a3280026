from django.urls import path

from .views import carryover

app_name = "rectification"
urlpatterns: list = [
    # Each part adds its own; the names the models link to: "list" (<pk>), "item" (<pk>).
    path("<int:pk>/carry/", carryover.carry, name="carry"),
    path("<int:pk>/carry/settle/", carryover.carry_settle, name="carry_settle"),
    path("<int:pk>/carry/<int:item_pk>/undo/", carryover.carry_undo, name="carry_undo"),
    path("<int:pk>/carried/", carryover.carried, name="carried"),
    path("<int:pk>/carried/<int:item_pk>/reexamine/", carryover.reexamine, name="reexamine"),
]
