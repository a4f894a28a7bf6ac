from django.urls import path

from escalate.notify import callbacks, views

urlpatterns = [
    path("notify/receipts/", callbacks.receipt, name="notify-receipts"),
    path("account/contact/", views.contact_choice, name="contact-choice"),
]
