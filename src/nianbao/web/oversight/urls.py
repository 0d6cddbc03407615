from django.urls import path

from nianbao.web.oversight.views import aggregates, board, checks, notices

app_name = "oversight"

urlpatterns = [
    path("", board.board, name="board"),
    path("progress.xlsx", board.board_xlsx, name="board_xlsx"),
    path("remind/", board.remind, name="remind"),
    path("checks/", checks.checks, name="checks"),
    path("checks/mark/", checks.mark, name="mark"),
    path("reports/<int:pk>/flags/", checks.report_flags, name="report_flags"),
    path("aggregates/", aggregates.aggregates, name="aggregates"),
    path("export/", aggregates.export, name="export"),
    path("notifications/", notices.notifications, name="notifications"),
]
