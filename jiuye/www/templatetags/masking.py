"""`{% shown_phone person.phone "list" %}`: a phone number as the signed-in user may see it on this page, by the one
masking policy (`jiuye.people.masking`): masked in lists, whole on a person's own page for the officers who may edit
them."""

from django import template

from jiuye.people.masking import View
from jiuye.people.masking import shown_phone as policy_phone

register = template.Library()


@register.simple_tag(takes_context=True)
def shown_phone(context, phone: str, view: str) -> str:
    request = context.get("request")
    return policy_phone(phone or "", user=getattr(request, "user", None), view=View(view))
