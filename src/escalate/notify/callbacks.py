"""GOV.UK Notify's delivery receipts: Notify POSTs each message's status to this address
with the bearer token set in its callback settings (ESCALATE_NOTIFY_CALLBACK_TOKEN)."""

from __future__ import annotations

import hmac
import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from escalate.notifications.models import Delivery, Notification
from escalate.notify.models import NotifyReceipt

# Notify's final statuses that mean the message will never arrive.
UNDELIVERABLE = {
    "permanent-failure": "the address or number does not exist",
    "technical-failure": "GOV.UK Notify could not send it",
}


@csrf_exempt
@require_POST
def receipt(request: HttpRequest) -> HttpResponse:
    expected = settings.NOTIFY_CALLBACK_TOKEN
    if not expected:
        raise Http404("Not found")
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {expected}".encode()):
        return JsonResponse({"error": "Send the callback's bearer token"}, status=401)
    try:
        body = json.loads(request.body)
        notify_id, status = str(body["id"]), str(body["status"])[:40]
    except (ValueError, KeyError, TypeError):
        return JsonResponse(
            {"error": "Send Notify's callback JSON, with id and status"}, status=400
        )
    found = NotifyReceipt.objects.filter(notify_id=notify_id).first()
    if found is None:
        return JsonResponse({"error": "No message with that id was sent from here"}, status=404)
    NotifyReceipt.objects.filter(pk=found.pk).update(status=status, updated_at=timezone.now())
    if status in UNDELIVERABLE:
        Notification.objects.filter(pk=found.notification_id).update(
            status=Delivery.FAILED, last_error=f"GOV.UK Notify: {UNDELIVERABLE[status]}"
        )
    return JsonResponse({"recorded": status})
