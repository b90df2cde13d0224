from django.db.models import Q, QuerySet

from jiuye.accounts.models import User
from jiuye.employers.models import Employer


def employer_search(*, user: User, query: str = "") -> QuerySet[Employer]:
    employers = Employer.objects.visible_to(user).select_related("region", "industry")
    query = query.strip()
    if query:
        employers = employers.filter(Q(name__contains=query) | Q(uscc=query.upper()))
    return employers
