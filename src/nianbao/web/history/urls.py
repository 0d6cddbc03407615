from django.urls import path

from nianbao.web.history import views

app_name = "history"

urlpatterns = [
    path("import/", views.start_import, name="import"),
    path("import/<uuid:key>/", views.batch, name="batch"),
    path("import/<uuid:key>/confirm/", views.confirm_import, name="confirm"),
]
