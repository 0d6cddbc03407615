"""Routes of the audit viewer."""

from django.urls import path

from nianbao.web.audit import views

app_name = "audit"

urlpatterns = [path("", views.records, name="records")]
