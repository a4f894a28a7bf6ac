from django.contrib.auth import views as auth_views
from django.urls import path

from escalate.escalations.forms import SignInForm
from escalate.escalations.views import actions, circumstances, detail, home, procedure, raising

urlpatterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("", home.home, name="home"),
    path("procedure/", procedure.procedure, name="procedure"),
    path("raise/", raising.raise_start, name="raise-start"),
    path("raise/check/", raising.raise_check, name="raise-check"),
    path(
        "raise/not-an-escalation/<slug:matter>/",
        raising.raise_not_escalation,
        name="raise-not-escalation",
    ),
    path("raise/done/<str:reference>/", raising.raise_done, name="raise-done"),
    path("raise/<slug:page>/", raising.raise_page, name="raise"),
    path("escalations/<str:reference>/", detail.escalation_detail, name="escalation"),
    path(
        "escalations/<str:reference>/circumstances/",
        circumstances.escalation_circumstances,
        name="escalation-circumstances",
    ),
    path(
        "escalations/<str:reference>/<slug:action>/",
        actions.escalation_action,
        name="escalation-action",
    ),
]
