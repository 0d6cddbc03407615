from django.urls import path

from nianbao.web.reporting.views import actions, entry, files, pages

app_name = "reporting"

urlpatterns = [
    path("", pages.home, name="home"),
    path("periods/open/", pages.open_year, name="open_year"),
    path("reports/<int:pk>/", entry.entry, name="entry"),
    path("reports/<int:pk>/check/", entry.check, name="check"),
    path("reports/<int:pk>/history/", pages.history, name="history"),
    path("reports/<int:pk>/act/<str:action>/", actions.act, name="act"),
    path("reports/<int:pk>/scan/", files.upload, name="upload"),
    path("reports/<int:pk>/scan/<int:attachment_id>/", files.attachment, name="attachment"),
    path("reports/<int:pk>/download/<str:fmt>/", files.download, name="download"),
]
