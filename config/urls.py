from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from meetings.views import my_work

from . import health

handler403 = "config.error_pages.permission_denied"

urlpatterns = [
    path("", my_work, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(success_url="/"),
        name="password_change",
    ),
    path("meetings/", include("meetings.urls")),
    path("study/", include("study.urls")),
    path("feedback/", include("feedback.urls")),
    path("talks/", include("talks.urls")),
    path("inspections/", include("inspections.urls")),
    path("proceedings/", include("proceedings.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("oversight/", include("oversight.urls")),
    path("archive/", include("archive.urls")),
    path("rectification/", include("rectification.urls")),
    path("organizations/", include("organizations.urls")),
    path("documents/", include("documents.urls")),
    path("inbox/", include("notifications.urls")),
    path("admin/", admin.site.urls),
]
