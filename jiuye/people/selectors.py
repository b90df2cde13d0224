from django.db.models import Q, QuerySet

from jiuye.accounts.models import User
from jiuye.people.models import Person


def person_search(*, user: User, query: str = "") -> QuerySet[Person]:
    people = Person.objects.visible_to(user).select_related("residence_region")
    query = query.strip()
    if query:
        people = people.filter(Q(name__contains=query) | Q(phone=query))
    return people
