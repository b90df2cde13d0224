"""Stable codes of the reference classifications. Codes never change; labels may be reworded."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    """Administrative levels, which are also the five service levels of public employment services (五级)."""

    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县（市、区）")
    STREET = "street", _("街道（乡镇）")
    COMMUNITY = "community", _("社区（村）")


# Number of digits of a region code at each level: GB/T 2260 gives 2/4/6, the 统计用区划代码 adds 3 and 3.
REGION_CODE_LENGTH = {
    RegionLevel.PROVINCE: 2,
    RegionLevel.CITY: 4,
    RegionLevel.COUNTY: 6,
    RegionLevel.STREET: 9,
    RegionLevel.COMMUNITY: 12,
}


class IndustryLevel(models.TextChoices):
    SECTION = "section", _("门类")
    DIVISION = "division", _("大类")


class OccupationLevel(models.IntegerChoices):
    MAJOR = 1, _("大类")
    MEDIUM = 2, _("中类")
    MINOR = 3, _("小类")
    DETAILED = 4, _("职业（细类）")


class EducationLevel(models.TextChoices):
    """学历, ordered from lowest to highest; codes follow the usual HR-system abbreviations."""

    PRIMARY_OR_BELOW = "primary", _("小学及以下")
    JUNIOR_SECONDARY = "junior_secondary", _("初中")
    SENIOR_SECONDARY = "senior_secondary", _("普通高中")
    VOCATIONAL_SECONDARY = "vocational_secondary", _("中专、职高、技校")
    JUNIOR_COLLEGE = "junior_college", _("大学专科")
    BACHELOR = "bachelor", _("大学本科")
    MASTER = "master", _("硕士研究生")
    DOCTORATE = "doctorate", _("博士研究生")


class KeyGroup(models.TextChoices):
    """The plan's key groups (重点群体), as named in the glossary."""

    UNPLACED_GRADUATE = "unplaced_graduate", _("离校未就业高校毕业生")
    URBAN_YOUTH = "urban_youth", _("城镇青年")
    VETERAN = "veteran", _("退役军人")
    MIGRANT_WORKER = "migrant_worker", _("农民工")
    RURAL_TRANSFER_WORKER = "rural_transfer_worker", _("农村转移劳动力")
    POVERTY_ALLEVIATED = "poverty_alleviated", _("脱贫人口")
    HARD_TO_EMPLOY = "hard_to_employ", _("就业困难人员")
    DISABLED_PERSON = "disabled_person", _("残疾人")
    ZERO_EMPLOYMENT_HOUSEHOLD = "zero_employment_household", _("零就业家庭成员")
    UNEMPLOYMENT_REGISTRATION = "unemployment_registration", _("登记失业人员")


class DataSource(models.TextChoices):
    """Where a record came from (数据来源): kept on personal and enterprise records for audit, and so that the demo
    generator can remove exactly what it made."""

    MANUAL = "manual", _("手工录入")
    IMPORT = "import", _("批量导入")
    API = "api", _("接口推送")
    DEMO = "demo", _("演示数据")
