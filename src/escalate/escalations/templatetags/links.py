"""``{% url %}`` for every template, giving Django's answer faster (``escalate.links``).

Installed as a builtin after Django's own (``TEMPLATES`` ``builtins``), so it is the ``url``
tag every template uses. A tag with keyword arguments or ``as``, or a name in a namespace,
is Django's own tag."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import Parser, Token
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.utils.html import conditional_escape

from escalate.links import address

register = template.Library()


class _Address(URLNode):
    def render(self, context: Any) -> str:
        name = self.view_name.resolve(context)
        if ":" in str(name):  # a namespace: Django's tag, with the current application
            return str(super().render(context))
        args = [arg.resolve(context) for arg in self.args]
        found = address(name, args)
        return conditional_escape(found) if context.autoescape else found


@register.tag
def url(parser: Parser, token: Token) -> URLNode:
    node = django_url(parser, token)
    if node.kwargs or node.asvar:
        return node
    return _Address(node.view_name, node.args, node.kwargs, node.asvar)
