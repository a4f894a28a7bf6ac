from django.urls import path

from escalate.api.site import api

urlpatterns = [path("api/v1/", api.urls)]
