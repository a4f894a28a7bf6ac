from django.urls import path

from escalate.administration import views

urlpatterns = [
    path("partnership/administration/", views.index, name="administration"),
    path("partnership/administration/agencies/", views.agencies, name="administration-agencies"),
    path("partnership/administration/people/", views.people, name="administration-people"),
    path(
        "partnership/administration/people/<int:pk>/",
        views.person_change,
        name="administration-person",
    ),
]
