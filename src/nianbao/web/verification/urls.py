from django.urls import path

from nianbao.web.verification import views

app_name = "verification"

urlpatterns = [
    path("reports/<int:pk>/", views.report_checks, name="report"),
    path("reports/<int:pk>/check/", views.check_now, name="check_now"),
    path("checks/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("runs/start/", views.start, name="start"),
    path("runs/<int:pk>/", views.run_page, name="run"),
    path("export/", views.export, name="export"),
]
