from django.urls import path

from escalate.accessibility import views

urlpatterns = [path("accessibility/", views.statement, name="accessibility")]
