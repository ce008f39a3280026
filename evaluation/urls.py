from django.urls import path

from .views import registration

app_name = "evaluation"
urlpatterns = [
    path("meeting/<int:meeting_id>/", registration.overview, name="overview"),
    path("meeting/<int:meeting_id>/switch/", registration.switch, name="switch"),
    path("meeting/<int:meeting_id>/mine/", registration.mine, name="mine"),
    path("registration/<int:pk>/", registration.registration_detail, name="registration"),
    path("registration/<int:pk>/self/", registration.self_assessment, name="self_assessment"),
    path("registration/<int:pk>/group/", registration.group_opinion, name="group_opinion"),
    path("registration/<int:pk>/outside/", registration.outside_opinion, name="outside_opinion"),
    path("registration/<int:pk>/<str:name>/", registration.transition, name="transition"),
]
