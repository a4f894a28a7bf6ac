"""The pages' Jinja2 templates read values as Django's templates do (``escalate.templating``):
a method is called, one that alters data never is, a missing value is empty, text is
escaped and safe HTML is not; and every template in the project compiles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.template import engines
from django.utils.safestring import mark_safe

TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "escalate" / "templates"


def drawn(source: str, **context: Any) -> str:
    return str(engines["jinja2"].from_string(source).render(context))


class Thing:
    name = "Oakfield"
    calls = 0

    def label(self) -> str:
        return "A label"

    def needs(self, word: str) -> str:
        return f"needs {word}"

    def broken(self) -> str:
        raise TypeError("a fault inside the method")

    def save(self) -> None:
        Thing.calls += 1

    save.alters_data = True  # type: ignore[attr-defined]


def test_a_method_is_called_as_djangos_templates_call_it() -> None:
    assert drawn("{{ t.label }}|{{ t.name }}", t=Thing()) == "A label|Oakfield"
    assert drawn("{% if t.label %}yes{% endif %}", t=Thing()) == "yes"


def test_a_method_that_alters_data_is_never_called() -> None:
    Thing.calls = 0
    assert drawn("[{{ t.save }}]", t=Thing()) == "[]"
    assert Thing.calls == 0


def test_a_method_that_needs_arguments_is_left_for_the_template_to_call() -> None:
    assert drawn("{{ t.needs('words') }}", t=Thing()) == "needs words"


def test_a_fault_inside_a_method_is_not_hidden() -> None:
    with pytest.raises(TypeError, match="a fault inside the method"):
        drawn("{{ t.broken }}", t=Thing())


def test_a_missing_value_is_empty_however_deep() -> None:
    assert drawn("[{{ nothing }}][{{ nothing.at.all }}][{{ t.absent.deeper }}]", t=Thing()) == (
        "[][][]"
    )
    assert drawn("{% if nothing.at_all %}yes{% else %}no{% endif %}") == "no"


def test_a_value_the_page_was_not_given_is_none_as_in_djangos_templates() -> None:
    # The subject access page asks "is not none" of what it found: its first view finds nothing.
    assert drawn("[{% if found is not none %}searched{% endif %}]") == "[]"
    assert drawn("[{% if found is none %}not searched{% endif %}]") == "[not searched]"
    assert drawn("[{% if found is not none %}searched{% endif %}]", found=[]) == "[searched]"


def test_a_dictionary_is_read_by_its_keys() -> None:
    assert drawn("{{ d.label }}", d={"label": "From the key"}) == "From the key"
    assert drawn("{% for k, v in d.items %}{{ k }}={{ v }};{% endfor %}", d={"a": 1}) == "a=1;"


def test_text_is_escaped_and_safe_html_is_not() -> None:
    assert drawn("{{ text }}", text="<b>O'Neil & co</b>") == (
        "&lt;b&gt;O&#39;Neil &amp; co&lt;/b&gt;"
    )
    assert drawn("{{ html }}", html=mark_safe("<b>bold</b>")) == "<b>bold</b>"
    assert drawn("{{ text|linebreaksbr }}", text="one <two>\nthree") == ("one &lt;two&gt;<br>three")


def test_djangos_filters_answer_as_in_djangos_templates() -> None:
    assert drawn("{{ empty|default('None given') }}", empty="") == "None given"
    assert drawn("{{ zero|default_if_none('x') }}", zero=0) == "0"
    assert drawn("{{ words|join(', ') }}", words=["a", "<b>"]) == "a, &lt;b&gt;"
    assert drawn("{{ n }} minute{{ n|pluralize }}", n=2) == "2 minutes"
    assert drawn("{{ yes|yesno('Yes,No') }}", yes=False) == "No"


def test_a_time_is_shown_in_uk_time() -> None:
    summer = dt.datetime(2026, 7, 14, 16, 45, tzinfo=dt.UTC)
    assert drawn("{{ at|when('j F Y H:i') }}", at=summer) == "14 July 2026 17:45"
    assert drawn("[{{ at|when('j F Y') }}]", at=None) == "[]"


@pytest.mark.parametrize(
    "name", sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html"))
)
def test_every_template_compiles_and_has_no_djangos_syntax_left(name: str) -> None:
    engines["jinja2"].get_template(name)  # a syntax error fails here
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    assert "forloop." not in text  # Jinja2's is loop.index, loop.first, ...
    assert "{% empty %}" not in text
