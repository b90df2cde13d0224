"""The demo's figures of the plan's indicators for 2021-2025 (part "plans"): the published ones where public, the
rest invented to be plausible and marked 演示数据, so that every verdict and the projection show.

Published (source in each row): 城镇新增就业 2022 46.3万人 (山西省2022年国民经济和社会发展统计公报), 2024 47.03万人
(2024年度山西省人力资源和社会保障事业发展统计公报, 2025-08-01); 城镇就业占比 2023 60.04% (省统计局, 2024-04-25,
"同比上升1.01个百分点", hence 2022 59.03%), 2024 61.47% (2024年度人社统计公报). The 2024 new jobs were first
entered from the preliminary figure (46.9) and revised when the bulletin came out, so the revision history shows.

Verdicts the figures give: 城镇新增就业, 调查失业率, 城镇就业占比 and 脱贫人口务工规模 on track;
技能人才占比, 基本养老保险参保率 and 劳动报酬占比 slightly behind; 全员劳动生产率 and 补贴性职业技能培训 clearly
behind, and the binding 受教育年限 behind its path (judged strictly). 技能人才占比, 受教育年限, 劳动报酬占比 and
劳动生产率 have no 2025 figure yet, so their projections show. The cities get shares of the 200万 new jobs (by
population) and their own yearly counts.
"""

import datetime
from decimal import Decimal

from jiuye.accounts.actors import SystemActor
from jiuye.audit.models import AuditEvent
from jiuye.demo.registry import DemoContext, register
from jiuye.plans.enums import ActualSource
from jiuye.plans.models import Actual, ActualRevision, Indicator, Target
from jiuye.plans.services import actual_record, indicators_load, target_set
from jiuye.reference.enums import RegionLevel
from jiuye.reference.models import Region

DEMO = SystemActor(job="演示数据：规划指标")
BULLETIN_2022 = "山西省2022年国民经济和社会发展统计公报"
RHSS_2024 = "2024年度山西省人力资源和社会保障事业发展统计公报"
STATS_2023 = "山西省统计局2024年4月25日发布：2023年末城镇就业人员占比60.04%，同比上升1.01个百分点"

# code -> {year: value} (demo unless named in PUBLISHED)
YEARLY = {
    "urban_new_jobs": {2021: "47.6", 2022: "46.3", 2023: "46.8", 2024: "47.03", 2025: "45.9"},
    "surveyed_unemployment_rate": {2021: "5.6", 2022: "5.9", 2023: "5.5", 2024: "5.3", 2025: "5.2"},
    "urban_employment_share": {2021: "58.2", 2022: "59.03", 2023: "60.04", 2024: "61.47", 2025: "62.3"},
    "poverty_alleviated_employed": {2021: "92.1", 2022: "94.3", 2023: "95.6", 2024: "96.0", 2025: "96.4"},
    "labour_productivity_growth": {2021: "9.1", 2022: "4.2", 2023: "4.8", 2024: "5.1"},
    "labour_compensation_share": {2021: "52.6", 2022: "51.9", 2023: "52.8", 2024: "53.4"},
    "subsidised_training": {2021: "58.3", 2022: "52.6", 2023: "55.1", 2024: "50.2", 2025: "48.6"},
    "skilled_workers_share": {2021: "26.0", 2022: "27.9", 2023: "29.6"},
    "pension_coverage": {2021: "93.6", 2022: "94.0", 2023: "94.3", 2024: "94.6", 2025: "94.9"},
    "schooling_years": {2021: "11.2", 2022: "11.28", 2023: "11.35", 2024: "11.41"},
}
PUBLISHED = {
    ("urban_new_jobs", 2022): BULLETIN_2022,
    ("urban_new_jobs", 2024): RHSS_2024,
    ("urban_employment_share", 2022): STATS_2023,
    ("urban_employment_share", 2023): STATS_2023,
    ("urban_employment_share", 2024): RHSS_2024,
}
NATIONAL_TRAINING = {2021: "50", 2022: "50", 2023: "50", 2024: "55", 2025: "52"}  # demo: the national targets
MONTHLY_RATE_2025 = ["5.4", "5.6", "5.5", "5.3", "5.2", "5.3", "5.5", "5.4", "5.1", "5.0", "4.9", "5.0"]
PRELIMINARY_2024_JOBS = Decimal("46.9")


def _as_of(year: int) -> datetime.date:
    """Yearly figures are published in the spring after (the bulletins: February to August)."""
    return datetime.date(year + 1, 4, 20)


@register("plans", order=120, reset=lambda: reset_plans())
def generate_plans(context: DemoContext) -> int:
    indicators_load()
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    province = Region.objects.get(code="14")
    rows = _province_figures(indicators, province)
    rows += _training_targets(indicators["subsidised_training"], province)
    rows += _city_jobs(indicators["urban_new_jobs"])
    return rows


def _province_figures(indicators: dict[str, Indicator], province: Region) -> int:
    rows = 0
    for code, years in YEARLY.items():
        for year, value in years.items():
            note = PUBLISHED.get((code, year), "")
            source = ActualSource.BULLETIN if note else ActualSource.DEMO
            first = PRELIMINARY_2024_JOBS if (code, year) == ("urban_new_jobs", 2024) else Decimal(value)
            actual_record(actor=DEMO, indicator=indicators[code], region=province, year=year, value=first,
                          source=ActualSource.DEMO if first != Decimal(value) else source, as_of=_as_of(year),
                          source_note=note if first == Decimal(value) else "初步统计")  # fmt: skip
            if first != Decimal(value):
                actual_record(
                    actor=DEMO, indicator=indicators[code], region=province, year=year, value=Decimal(value),
                    source=source, as_of=datetime.date(2025, 8, 1), source_note=note, reason="以统计公报数为准",
                )  # fmt: skip
            rows += 1
    for month, value in enumerate(MONTHLY_RATE_2025, start=1):
        actual_record(actor=DEMO, indicator=indicators["surveyed_unemployment_rate"], region=province, year=2025,
                      month=month, value=Decimal(value), source=ActualSource.DEMO,
                      as_of=datetime.date(2025 + month // 12, month % 12 + 1, 15))  # fmt: skip
        rows += 1
    return rows


def _training_targets(training: Indicator, province: Region) -> int:
    for year, value in NATIONAL_TRAINING.items():
        target_set(actor=DEMO, indicator=training, region=province, year=year, value=Decimal(value),
                   note="演示数据：国家下达的年度目标")  # fmt: skip
    return len(NATIONAL_TRAINING)


def _city_jobs(jobs: Indicator) -> int:
    """Each city's share of the 200万 by its population, and its yearly figures as the province's split alike."""
    cities = list(Region.objects.filter(level=RegionLevel.CITY).order_by("code"))
    total = sum(city.population or 0 for city in cities) or len(cities)
    rows = 0
    for city in cities:
        share = Decimal(city.population or 1) / Decimal(total)
        target_set(actor=DEMO, indicator=jobs, region=city, value=(Decimal(200) * share).quantize(Decimal("0.01")),
                   note="演示数据：按常住人口分解")  # fmt: skip
        for year, value in YEARLY["urban_new_jobs"].items():
            actual_record(actor=DEMO, indicator=jobs, region=city, year=year,
                          value=(Decimal(value) * share).quantize(Decimal("0.01")), source=ActualSource.DEMO,
                          as_of=_as_of(year))  # fmt: skip
            rows += 1
    return rows + len(cities)


def reset_plans() -> None:
    """The demo's figures only: those no user entered, the targets it broke down and its audit events (an
    officer's stay)."""
    AuditEvent.objects.filter(job=DEMO.job).delete()
    demo = Actual.objects.filter(entered_by__isnull=True)
    ActualRevision.objects.filter(actual__in=demo).delete()
    demo.delete()
    Target.objects.filter(note__startswith="演示数据").delete()
