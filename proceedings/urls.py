from django.urls import path  # noqa: F401

app_name = "proceedings"
urlpatterns: list = []

# The criticism planner (批评意见准备).
from .views import planner  # noqa: E402

urlpatterns += [
    path("meeting/<int:meeting_id>/planner/", planner.matrix, name="planner"),
    path("meeting/<int:meeting_id>/planner/mine/", planner.mine, name="planner_mine"),
    path("meeting/<int:meeting_id>/planner/add/", planner.add, name="planner_add"),
    path("meeting/<int:meeting_id>/planner/hints/", planner.hints_preview, name="planner_hints"),
    path("planner/<int:plan_id>/edit/", planner.edit, name="planner_edit"),
    path("planner/<int:plan_id>/delete/", planner.delete, name="planner_delete"),
]
