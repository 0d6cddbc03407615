from django.urls import path

from nianbao.web.registry import people, views

app_name = "registry"

urlpatterns = [
    path("websites/", views.websites, name="websites"),
    path("import/", views.directory_import, name="import"),
    path("people/", people.people, name="people"),
    path("people/new/", people.person_new, name="person_new"),
    path("people/<int:pk>/", people.person, name="person"),
]
