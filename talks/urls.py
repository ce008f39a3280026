from django.urls import path

from .views import coverage, records, setup

app_name = "talks"
urlpatterns = [
    path("meeting/<int:meeting_id>/", coverage.matrix, name="matrix"),
    path("meeting/<int:meeting_id>/mine/", coverage.mine, name="mine"),
    path("meeting/<int:meeting_id>/pair/<int:a>/<int:b>/", coverage.pair, name="pair"),
    path("meeting/<int:meeting_id>/coverage.xlsx", coverage.coverage_xlsx, name="coverage_xlsx"),
    path("meeting/<int:meeting_id>/talks.xlsx", coverage.talks_xlsx, name="talks_xlsx"),
    path("meeting/<int:meeting_id>/new/", records.talk_new, name="new"),
    path(
        "meeting/<int:meeting_id>/people/<int:person_id>/records/",
        records.person_records,
        name="person_records",
    ),
    path("meeting/<int:meeting_id>/setup/", setup.setup, name="setup"),
    path(
        "meeting/<int:meeting_id>/setup/representatives/",
        setup.representatives,
        name="representatives",
    ),
    path("meeting/<int:meeting_id>/setup/flags/", setup.flags, name="flags"),
    path("meeting/<int:meeting_id>/setup/pairs/", setup.pair_add, name="pair_add"),
    path("meeting/<int:meeting_id>/pair/<int:a>/<int:b>/excuse/", setup.pair_excuse, name="excuse"),
    path(
        "meeting/<int:meeting_id>/notes/<int:note_id>/remove/",
        setup.note_remove,
        name="note_remove",
    ),
    path("<int:pk>/", records.talk_detail, name="detail"),
    path("<int:pk>/edit/", records.talk_edit, name="edit"),
    path("<int:pk>/part/", records.talk_part, name="part"),
    path("<int:pk>/<slug:name>/", records.talk_transition_view, name="transition"),
]
