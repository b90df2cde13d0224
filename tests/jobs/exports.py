import datetime

from jiuye.people.models import Person
from tests.people.factories import PersonFactory, make_ric


def unemployed_person(name: str, number: int) -> Person:
    """An unemployed woman of Xiaodian born on the `number`-th day of 1988, with an ID number of her own. Not
    `resident()`: its running count of birthdays is shared by the whole session, and other modules' tests rely on
    the ones they get."""
    born = datetime.date(1988, 1, 1) + datetime.timedelta(days=number)
    return PersonFactory(ric=make_ric(born=born, sequence=8), residence_region_id="140105", name=name, unemployed=True)
