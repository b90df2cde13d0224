"""`{{ page|page_links }}`: the page numbers the pager (`www/pager.html`) links around the current page."""

from django import template

from jiuye.www.paging import page_links as links

register = template.Library()


@register.filter
def page_links(page) -> range:
    return links(page)
