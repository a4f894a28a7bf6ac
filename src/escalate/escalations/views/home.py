"""Home: the signed-in person's escalations a page at a time, the next deadline first.
Officers and managers get the filters; everyone can switch between open and closed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from escalate.escalations import home_list, selectors
from escalate.escalations.filters import CLOSED, OPEN, ListFilterForm, Wanted
from escalate.paging import paginate
from escalate.partnerships.models import Person


def _filters_for(person: Person, officer: bool) -> bool:
    """Officers, and managers (anyone with someone reporting to them), filter their list."""
    return officer or person.manages_anyone()


@login_required
def home(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    officer = selectors.sees_whole_partnership(person)
    form: ListFilterForm | None = None
    versions = selectors.partnership_policies(person)
    if _filters_for(person, officer):
        form = ListFilterForm(
            request.GET,
            stages=selectors.stage_choices(versions),
            agencies=selectors.agency_choices(person.partnership_id),
        )
        wanted = form.wanted()
    else:
        wanted = Wanted(status=CLOSED if request.GET.get("status") == CLOSED else OPEN)
    listing = home_list.home_listing(person, wanted)  # None: not a list it compiles
    if listing is not None:
        page = paginate(request, listing)
    else:
        found = home_list.home_list(person, wanted)
        page = paginate(request, found, shown=home_list.home_row_values)
    return render(
        request,
        "escalations/home.html",
        {
            "officer": officer,
            "form": form,
            "wanted": wanted,
            "page": page,
            "rows": home_list.home_rows(page.rows, versions),
        },
    )
