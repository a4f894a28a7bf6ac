from django.urls import path

from escalate.twofactor import views

urlpatterns = [
    path("two-factor/", views.verify, name="twofactor-verify"),
    path("two-factor/set-up/", views.setup, name="twofactor-setup"),
    path("partnership/two-factor/", views.people, name="twofactor-people"),
    path("partnership/two-factor/<int:pk>/reset/", views.reset, name="twofactor-reset"),
]
