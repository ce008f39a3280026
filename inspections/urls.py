from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    # A meeting's materials: the board, one's own outline, the team material.
    path("meeting/<int:pk>/", views.meeting_home, name="meeting"),
    path("meeting/<int:pk>/mine/", views.my_outline, name="mine"),
    path("meeting/<int:pk>/team/", views.team_material, name="team"),
    path("meeting/<int:pk>/team/drafter/", views.team_drafter, name="drafter"),
    path("meeting/<int:pk>/remind/", views.remind, name="remind"),
    # One material: its page, its versions, its review.
    path("<int:pk>/", views.material_detail, name="material"),
    path("<int:pk>/v/<int:number>/", views.version_detail, name="version"),
    path("<int:pk>/act/<slug:name>/", views.transition, name="transition"),
    path("<int:pk>/comments/", views.comment_new, name="comment_add"),
    path("<int:pk>/comments/<int:comment_id>/delete/", views.comment_remove, name="comment_delete"),
    # Writing it, block by block.
    path("<int:pk>/edit/", views.editor, name="edit"),
    path("<int:pk>/hints/", views.hints, name="hints"),
    path("<int:pk>/sections/<slug:key>/", views.section_save, name="section_save"),
    path("<int:pk>/problems/new/", views.problem_add, name="problem_add"),
    path("<int:pk>/problems/<int:problem_id>/", views.problem_save, name="problem_save"),
    path("<int:pk>/problems/<int:problem_id>/delete/", views.problem_delete, name="problem_delete"),
    path("<int:pk>/measures/new/", views.measure_add, name="measure_add"),
    path("<int:pk>/measures/<int:measure_id>/", views.measure_save, name="measure_save"),
    path("<int:pk>/measures/<int:measure_id>/delete/", views.measure_delete, name="measure_delete"),
    path("<int:pk>/answers/<int:routing_id>/", views.answer_save, name="answer_save"),
]
