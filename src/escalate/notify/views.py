"""How a person chooses to be told: by email, or by text message to their mobile."""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from escalate.notify.models import Channel, ContactChoice
from escalate.partnerships.models import Person

UK_MOBILE = re.compile(r"^(\+44\s?7|07)\d{3}\s?\d{6}$")


class ContactForm(forms.Form):
    channel = forms.ChoiceField(
        label="How do you want to be told about escalations?",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select email or text message"},
    )
    mobile = forms.CharField(
        label="Your mobile number (for text messages)",
        required=False,
        max_length=20,
        help_text="A UK mobile, like 07700 900123. Texts say only what happened and link to it.",
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        mobile = str(data.get("mobile") or "").strip()
        if data.get("channel") == Channel.SMS and not UK_MOBILE.match(mobile):
            self.add_error("mobile", "Enter a UK mobile number, like 07700 900123")
        data["mobile"] = mobile
        return data


@login_required
def contact_choice(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    current = ContactChoice.objects.filter(person=person).first()
    initial = (
        {"channel": current.channel, "mobile": current.mobile}
        if current
        else {"channel": Channel.EMAIL}
    )
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ContactChoice.objects.update_or_create(
            person=person,
            defaults={
                "channel": form.cleaned_data["channel"],
                "mobile": form.cleaned_data["mobile"],
            },
        )
        messages.success(request, "Saved. You will be told this way from now on")
        return redirect("contact-choice")
    return render(request, "notify/contact.html", {"form": form})
