"""Template filters of the caseworker's desk, for pages whose views are not the desk's (the people list, the home
page): `{% if user|may_edit_people %}` offers 新增人员 to the users whose writes the services accept."""

from django import template

from jiuye.people.perms import can_edit_people

register = template.Library()


@register.filter
def may_edit_people(user) -> bool:
    return user.is_authenticated and can_edit_people(user)
