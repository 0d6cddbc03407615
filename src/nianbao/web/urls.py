"""URL routes of the web application, one include per audience."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("registry/", include("nianbao.web.registry.urls")),
    path("admin/", admin.site.urls),
    path("security/", include("nianbao.web.security.urls")),
    path("audit/", include("nianbao.web.audit.urls")),
    path("oversight/", include("nianbao.web.oversight.urls")),
    path("public/", include("nianbao.web.public.urls")),
    path("evidence/", include("nianbao.web.evidence.urls")),
    path("verification/", include("nianbao.web.verification.urls")),
    path("history/", include("nianbao.web.history.urls")),
    path("", include("nianbao.web.reporting.urls")),
]

handler403 = "nianbao.web.errors.forbidden"
handler404 = "nianbao.web.errors.not_found"
handler500 = "nianbao.web.errors.server_error"
