from django.urls import path

from escalate.api import views
from escalate.api.site import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("account/tokens/", views.tokens_page, name="api-tokens"),
]
