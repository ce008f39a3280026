from django.urls import path

from .views import chase, exports, overview

app_name = "oversight"

urlpatterns = [
    # the overview (views/overview.py)
    path("", overview.overview, name="overview"),
    # chasing and comments (views/chase.py)
    path("chase/", chase.chase, name="chase"),
    path("chases/", chase.chase_list, name="chase_list"),
    path("meeting/<int:meeting_id>/comments/", chase.comment_add, name="comment_add"),
    # exports, the JSON API, tokens, pictures (views/exports.py)
    path("overview.xlsx", exports.export_xlsx, name="export_xlsx"),
    path("api/overview.json", exports.api_overview, name="api_overview"),
    path("charts/", exports.charts, name="charts"),
    path("tokens/", exports.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", exports.token_revoke, name="token_revoke"),
]
