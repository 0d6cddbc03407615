from django.urls import path

from nianbao.web.evidence import views

app_name = "evidence"

urlpatterns = [
    path("reports/<int:pk>/upload/", views.upload, name="upload"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/accept/", views.accept, name="accept"),
]
