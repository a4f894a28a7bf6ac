from django.urls import path

from escalate.sso import views

urlpatterns = [
    path("sso/", views.choose, name="sso-choose"),
    path("sso/<int:pk>/start/", views.start, name="sso-start"),
    path("sso/callback/", views.callback, name="sso-callback"),
]
