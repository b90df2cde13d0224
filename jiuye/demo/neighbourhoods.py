"""Streets (街道) and communities (社区) of the demo's own district, 小店区 (140105), where the county, street and
community demo accounts work.

The reference data stops at counties; streets and communities are created when data first names them
(`region_get_or_create`). The street names are the district's own; the community names are in their style (after
the roads and places they lie on); the codes (140105001, 140105001001...) are the demo's, not the official
统计用区划代码.

Every demo resident of the district lives in one of these communities: 70% in 坞城街道, the demo street account's,
and 28% of those in 坞城社区, the demo community account's. At scale 1 the district has some 300 demo residents (it
is Taiyuan's most populous district: `synthetic.CITY_SHARES`), the street some 220 and the community some 60, so
that an account at either level has people, households, register entries and services to work on. That is more
than their population's share (a street of 100,000 residents would have some 30 demo residents at scale 1): the demo
crowds its district's residents into the accounts' street, not the district's figures, which stay whole since every
count by region adds up what lies under the region's code.
"""

import numpy as np

from jiuye.reference.models import Region
from jiuye.reference.services import region_get_or_create

DISTRICT = "140105"
# Street code → (name, share of the district's demo residents, {community code: (name, share of the street's)}).
STREETS = {
    "001": ("坞城街道", 0.70, {
        "001": ("坞城社区", 0.28), "002": ("学府社区", 0.20), "003": ("体育路社区", 0.18),
        "004": ("长治路社区", 0.17), "005": ("亲贤社区", 0.17),
    }),
    "002": ("营盘街道", 0.09, {"001": ("营盘社区", 0.55), "002": ("南内环社区", 0.45)}),
    "003": ("北营街道", 0.07, {"001": ("北营社区", 0.6), "002": ("大马社区", 0.4)}),
    "004": ("平阳路街道", 0.08, {"001": ("平阳路社区", 0.5), "002": ("南中环社区", 0.5)}),
    "005": ("黄陵街道", 0.06, {"001": ("黄陵社区", 0.55), "002": ("龙城社区", 0.45)}),
}  # fmt: skip


def demo_street() -> Region:
    """The street of the demo's street account: the district's first."""
    return _region(f"{DISTRICT}001", STREETS["001"][0])


def demo_community() -> Region:
    """The community of the demo's community account: the first of the first street."""
    demo_street()
    return _region(f"{DISTRICT}001001", STREETS["001"][2]["001"][0])


def communities() -> tuple[list[str], np.ndarray]:
    """The district's communities (created where missing) and the share of its demo residents living in each."""
    codes, shares = [], []
    for street_code, (street_name, street_share, places) in STREETS.items():
        _region(f"{DISTRICT}{street_code}", street_name)
        for community_code, (name, share) in places.items():
            codes.append(_region(f"{DISTRICT}{street_code}{community_code}", name).code)
            shares.append(street_share * share)
    array = np.array(shares)
    return codes, array / array.sum()


def homes(rng: np.random.Generator, counties: list[str], places: tuple[list[str], np.ndarray]) -> list[str]:
    """Where people live: their county, or for the district's residents one of its communities (`places`, as
    `communities()` gives them), drawn by the communities' shares."""
    codes, shares = places
    drawn = rng.choice(len(codes), size=len(counties), p=shares)
    return [codes[drawn[i]] if county == DISTRICT else county for i, county in enumerate(counties)]


def _region(code: str, name: str) -> Region:
    """The region, named as the demo names it; earlier demos called the first street and community
    `…第一街道（演示）` and `第一社区（演示）`, and those names are brought up to date."""
    Region.objects.filter(code=code, name__endswith="（演示）").update(name=name)
    return region_get_or_create(code=code, name=name)
