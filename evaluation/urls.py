from django.urls import path

from .views import documents, phone, registration, scoring, verdicts

app_name = "evaluation"
urlpatterns = [
    path("meeting/<int:meeting_id>/", registration.overview, name="overview"),
    path("meeting/<int:meeting_id>/switch/", registration.switch, name="switch"),
    path("meeting/<int:meeting_id>/mine/", registration.mine, name="mine"),
    path("registration/<int:pk>/", registration.registration_detail, name="registration"),
    path("registration/<int:pk>/self/", registration.self_assessment, name="self_assessment"),
    path("registration/<int:pk>/group/", registration.group_opinion, name="group_opinion"),
    path("registration/<int:pk>/outside/", registration.outside_opinion, name="outside_opinion"),
    path("registration/<int:pk>/mutual/", registration.mutual_record, name="mutual_record"),
    path("registration/<int:pk>/leave/", registration.leave, name="leave"),
    path("registration/<int:pk>/<str:name>/", registration.transition, name="transition"),
]

urlpatterns += [
    path("meeting/<int:meeting_id>/scoring/", scoring.scoring_home, name="scoring"),
    path("meeting/<int:meeting_id>/scoring/items/", scoring.items_edit, name="items"),
    path("meeting/<int:meeting_id>/scoring/new/", scoring.round_new, name="round_new"),
    path("round/<int:pk>/", scoring.round_detail, name="round"),
    path("round/<int:pk>/qr.<slug:fmt>", scoring.round_qr, name="round_qr"),
    path("round/<int:pk>/move/<str:name>/", scoring.round_move, name="round_move"),
    path("round/<int:pk>/codes/new/", scoring.codes_new, name="codes_new"),
    path("round/<int:pk>/paper/new/", scoring.paper_new, name="paper_new"),
    path("round/<int:pk>/results/", scoring.results, name="results"),
    path("s/<str:token>/", phone.score, name="score"),
]
urlpatterns += [
    path("meeting/<int:meeting_id>/grades/", verdicts.grades, name="grades"),
    path("meeting/<int:meeting_id>/grades/show/", verdicts.show, name="grades_show"),
    path("meeting/<int:meeting_id>/grades/view/", verdicts.members_view, name="members_view"),
    path("meeting/<int:meeting_id>/grades/<int:person_id>/", verdicts.propose, name="propose"),
    path("verdict/<int:pk>/move/<str:name>/", verdicts.move, name="verdict_move"),
    path("verdict/<int:pk>/follow-up/", verdicts.follow_up, name="follow_up"),
]
urlpatterns += [
    path("meeting/<int:meeting_id>/documents/", documents.documents_page, name="documents"),
]
