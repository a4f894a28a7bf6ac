"""The partnership's webhook deliveries, with their status, for its officers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from escalate.paging import paginate
from escalate.reports.views.common import officers_partnership
from escalate.webhooks.models import Delivery


@login_required
def deliveries_page(request: HttpRequest) -> HttpResponse:
    partnership = officers_partnership(request)
    found = Delivery.objects.filter(endpoint__partnership=partnership).select_related("endpoint")
    page = paginate(request, found.order_by("-at", "-pk"))
    return render(request, "webhooks/deliveries.html", {"page": page, "rows": page.rows})
