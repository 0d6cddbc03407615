from django.urls import path

from nianbao.web.registry import views

app_name = "registry"

urlpatterns = [
    path("websites/", views.websites, name="websites"),
    path("import/", views.directory_import, name="import"),
]
