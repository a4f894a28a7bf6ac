"""Escalate's addresses and one more with no access rule (tests/web/test_url_access.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from escalate.urls import urlpatterns as escalate_urls


def brand_new_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("A page somebody forgot to protect")


urlpatterns = [*escalate_urls, path("partnership/brand-new-page/", brand_new_page)]
