from django.urls import path

from nianbao.web.public import views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/download/<str:fmt>/", views.download, name="download"),
    path("sitemap/", views.sitemap, name="sitemap"),
]
