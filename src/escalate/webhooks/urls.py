from django.urls import path

from escalate.webhooks import views

urlpatterns = [path("partnership/webhooks/", views.deliveries_page, name="webhook-deliveries")]
