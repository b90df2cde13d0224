"""Demo employers with an industry mix like Shanxi's: coal, coking, metallurgy, power, manufacturing, building,
services and farming."""

import numpy as np
from stdnum.cn import uscc as uscc_standard

from jiuye.demo.registry import DemoContext, register
from jiuye.demo.synthetic import county_weights
from jiuye.employers.enums import Ownership, SizeClass
from jiuye.employers.models import Employer
from jiuye.reference.enums import DataSource, RegionLevel
from jiuye.reference.models import Region

EMPLOYERS_AT_SCALE_ONE = 800

# GB/T 4754-2017 division -> (relative weight, word used in the demo name, median headcount).
INDUSTRY_MIX = {
    "06": (10, "煤业", 600),
    "25": (4, "焦化", 400),
    "26": (3, "化工", 150),
    "30": (3, "建材", 80),
    "31": (3, "钢铁", 900),
    "32": (2, "铝业", 300),
    "34": (3, "机械", 120),
    "36": (2, "汽车零部件", 200),
    "39": (2, "电子科技", 150),
    "44": (4, "电力", 250),
    "13": (3, "食品", 40),
    "15": (2, "酒业", 60),
    "47": (5, "建筑工程", 120),
    "48": (3, "路桥建设", 150),
    "51": (5, "商贸", 15),
    "52": (8, "超市", 12),
    "54": (5, "物流运输", 40),
    "61": (3, "酒店", 30),
    "62": (6, "餐饮", 15),
    "65": (3, "信息技术", 30),
    "70": (3, "房地产开发", 40),
    "72": (4, "企业管理服务", 20),
    "80": (4, "家政服务", 10),
    "01": (4, "农业开发", 10),
    "03": (2, "养殖", 8),
    "83": (2, "教育培训", 25),
    "84": (2, "医院", 200),
}
OWNERSHIP_WEIGHTS = {
    Ownership.PRIVATE: 40,
    Ownership.LIMITED_LIABILITY: 30,
    Ownership.STATE_OWNED: 10,
    Ownership.JOINT_STOCK: 6,
    Ownership.COLLECTIVE: 3,
    Ownership.FOREIGN: 2,
    Ownership.HONG_KONG_MACAO_TAIWAN: 2,
    Ownership.INDIVIDUAL: 7,
}
BRAND_WORDS = "晋阳汾河太行吕梁恒山五台黄河三晋云冈潞安阳城沁水晋中龙城并州华晟鑫源宏达兴盛永泰瑞丰"


def size_class(headcount: int) -> SizeClass:
    """Headcount bands of the 2017 size classification for industry; other sectors differ, close enough here."""
    if headcount >= 1000:
        return SizeClass.LARGE
    if headcount >= 300:
        return SizeClass.MEDIUM
    if headcount >= 20:
        return SizeClass.SMALL
    return SizeClass.MICRO


def demo_uscc(county_code: str, serial: int) -> str:
    """A checksum-valid code: 9 (market regulator) 1 (enterprise), county, organisation code, check character."""
    organisation = f"{serial:08d}"
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    check = 11 - sum(int(d) * w for d, w in zip(organisation, weights, strict=True)) % 11
    organisation += {10: "X", 11: "0"}.get(check, str(check))
    body = f"91{county_code}{organisation}"
    return body + uscc_standard.calc_check_digit(body)


def reset_employers() -> None:
    Employer.objects.filter(source=DataSource.DEMO).delete()


@register("employers", order=20, reset=reset_employers)
def generate_employers(context: DemoContext) -> int:
    rng = context.rng("employers")
    count = context.count(EMPLOYERS_AT_SCALE_ONE)
    counties, county_p = county_weights()
    names = dict(_county_names())
    divisions = list(INDUSTRY_MIX)
    industry_p = np.array([INDUSTRY_MIX[d][0] for d in divisions], dtype=float)
    ownerships = list(OWNERSHIP_WEIGHTS)
    ownership_p = np.array(list(OWNERSHIP_WEIGHTS.values()), dtype=float)
    county_index = rng.choice(len(counties), size=count, p=county_p)
    industry_index = rng.choice(len(divisions), size=count, p=industry_p / industry_p.sum())
    ownership_index = rng.choice(len(ownerships), size=count, p=ownership_p / ownership_p.sum())
    brands = rng.choice(list(BRAND_WORDS), size=(count, 2))
    spread = rng.lognormal(mean=0.0, sigma=0.9, size=count)
    employers = []
    for i in range(count):
        county, division = counties[county_index[i]], divisions[industry_index[i]]
        _weight, word, median = INDUSTRY_MIX[division]
        headcount = max(1, round(median * spread[i]))
        employers.append(
            Employer(
                uscc=demo_uscc(county, 10_000_000 + i),
                name=f"{_short(names[county])}{''.join(brands[i])}{word}有限公司",
                industry_id=division,
                region_id=county,
                ownership=ownerships[ownership_index[i]],
                size_class=size_class(headcount),
                headcount=headcount,
                source=DataSource.DEMO,
            )
        )
    Employer.objects.bulk_create(employers, batch_size=2000)
    return count


def _county_names():
    return Region.objects.filter(level=RegionLevel.COUNTY).values_list("code", "name")


def _short(name: str) -> str:
    """`小店区` -> `小店`, `古交市` -> `古交`: the way a company name carries its place."""
    return name[:-1] if len(name) > 2 and name[-1] in "区县市" else name
