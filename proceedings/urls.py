from django.urls import path  # noqa: F401

from .views import mode as mode_views

app_name = "proceedings"
urlpatterns: list = []

urlpatterns += [
    path("meeting/<int:pk>/mode/", mode_views.recorder, name="mode"),
    path("meeting/<int:pk>/mode/projector/", mode_views.projector, name="mode_projector"),
    path("meeting/<int:pk>/mode/state/", mode_views.state, name="mode_state"),
    path("meeting/<int:pk>/mode/events/", mode_views.events, name="mode_events"),
    path("meeting/<int:pk>/mode/press/", mode_views.press, name="mode_press"),
    path("meeting/<int:pk>/mode/prepare/", mode_views.prepare, name="mode_prepare"),
    path("meeting/<int:pk>/mode/close/", mode_views.close, name="mode_close"),
]
