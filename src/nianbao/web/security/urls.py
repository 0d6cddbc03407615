"""Routes of the security pages."""

from django.urls import path

from nianbao.web.security import lockouts, views

app_name = "security"

urlpatterns = [
    path("password/", views.password_change, name="password_change"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("otp/", views.otp_verify, name="otp_verify"),
    path("locked/", lockouts.locked_accounts, name="locked_accounts"),
]
