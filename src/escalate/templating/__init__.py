"""The pages' templates: Jinja2, read as Django's template language reads a template.

Every page is drawn with Jinja2 (``TEMPLATES``, first); Django's own engine is kept only for
the templates that come with Django and the libraries (forms' widgets, the admin). Jinja2
compiles a template to Python: the escalation page drew in about 3.7 ms with Django's
engine, whose every table cell is some ten lookups, each a method call.

The templates read as Django's would: ``{{ escalation.get_status_display }}`` calls the
method (``Environment.getattr``, as Django does for a callable that does not alter data),
a missing value is empty, and the filters are Django's (``length``, ``default``,
``linebreaksbr``, ...) under their own names. What Jinja2 writes differently:

    {{ url('escalation', escalation.reference) }}     {% url 'escalation' ... %}
    {{ static('escalate.css') }}                       {% static 'escalate.css' %}
    {{ csrf_input }}                                   {% csrf_token %}
    {{ event.at|when('j F Y') }}                       {{ event.at|when:"j F Y" }}
    {% with a=b %}{% include "x.html" %}{% endwith %}  {% include "x.html" with a=b %}
    loop.index, loop.first, loop.last                  forloop.counter, ...
    {% for ... %}...{% else %}...{% endfor %}          {% empty %}
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from django.template import defaultfilters
from django.templatetags.static import static
from django.utils import timezone
from jinja2 import ChainableUndefined, Environment, Undefined

from escalate.escalations.forms import outcome_label
from escalate.links import address
from escalate.templating.dates import when


class DjangoReading(Environment):
    """Jinja2, where ``a.b`` calls ``b`` when it is a method, as Django's templates do
    (never one that alters data: ``save``, ``delete``)."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        try:  # the usual case first, without Jinja2's own method in between
            found = getattr(obj, attribute)
        except AttributeError:
            found = super().getattr(obj, attribute)  # an item by that name, or undefined
        return _called(found) if callable(found) else found

    def getitem(self, obj: Any, argument: Any) -> Any:
        found = super().getitem(obj, argument)
        return _called(found)


def _called(found: Any) -> Any:
    if not callable(found) or isinstance(found, (type, Undefined)):
        return found
    if getattr(found, "do_not_call_in_templates", False):
        return found
    if getattr(found, "alters_data", False):
        return ""
    try:
        return found()
    except TypeError:
        try:
            inspect.signature(found).bind()
        except (TypeError, ValueError):  # it needs arguments: the template gives them
            return found
        raise


def url(name: str, *args: Any) -> str:
    """The address of the page ``name`` (``escalate.links``: Django's ``reverse``, faster;
    a name in a namespace is asked of ``reverse``)."""
    return address(name, args)


def _when(value: Any, spec: str) -> str:
    """Aware times in UK time first, as Django gives its date filters."""
    local = timezone.template_localtime(value)  # type: ignore[attr-defined]  # not in the stubs
    return when(local, spec)


def _get_item(mapping: dict[str, Any], key: str) -> Any:
    """``titles|get_item(key)``: a dictionary lookup by a variable key."""
    return mapping.get(key, key)


def _escalation_tags() -> dict[str, Callable[..., Any]]:
    from escalate.documents.escalation_page import documents_links
    from escalate.reports.escalation_page import reports_links
    from escalate.sso.sign_in_link import sso_link

    return {
        "documents_links": documents_links,
        "reports_links": reports_links,
        "sso_link": sso_link,
    }


FILTERS: dict[str, Callable[..., Any]] = {
    "when": _when,
    "get_item": _get_item,
    "outcome": lambda key: outcome_label(str(key)),  # a step's recorded outcome in words
    "default": defaultfilters.default,
    "default_if_none": defaultfilters.default_if_none,
    "linebreaksbr": defaultfilters.linebreaksbr,
    "length": defaultfilters.length,
    "join": defaultfilters.join,
    "lower": defaultfilters.lower,
    "pluralize": defaultfilters.pluralize,
    "truncatechars": defaultfilters.truncatechars,
    "slice": defaultfilters.slice_filter,
    "add": defaultfilters.add,
    "stringformat": defaultfilters.stringformat,
    "yesno": defaultfilters.yesno,
    "urlencode": defaultfilters.urlencode,
    "filesizeformat": defaultfilters.filesizeformat,
    "cut": defaultfilters.cut,
    "capfirst": defaultfilters.capfirst,
    "time": defaultfilters.time,
}


def environment(**options: Any) -> Environment:
    """The environment ``TEMPLATES`` names for the pages."""
    options["undefined"] = ChainableUndefined  # a missing value is empty, as in Django's
    env = DjangoReading(**options)
    env.filters.update(FILTERS)
    # ``{% if found is not none %}``: a value the page was not given is None, as in Django's
    # templates (Jinja2's own test finds an undefined value is not None).
    env.tests["none"] = lambda value: value is None or isinstance(value, Undefined)
    env.globals.update(url=url, static=static, **_escalation_tags())
    return env
