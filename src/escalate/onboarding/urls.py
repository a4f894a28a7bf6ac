from django.urls import path

from escalate.onboarding import views

urlpatterns = [
    path("partnership/import/", views.import_page, name="directory-import"),
    path(
        "account/set-password/<uidb64>/<token>/",
        views.SetPasswordView.as_view(),
        name="set-password",
    ),
]
