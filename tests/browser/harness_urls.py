"""Escalate's addresses plus one that raises, so the browser tests can see the 500 page."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from escalate.urls import urlpatterns as escalate_urlpatterns


def fail_on_purpose(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("The browser tests asked for a server error")


urlpatterns = [path("harness/server-error/", fail_on_purpose), *escalate_urlpatterns]
