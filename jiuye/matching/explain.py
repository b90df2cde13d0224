"""为什么推荐: each part's value, contribution and a reason, as codes with parameters and as Chinese text.

The engine imports nothing from Django, so reasons are returned as a code plus parameters; `explain` formats them
with whatever gettext function the caller passes (Django's ``gettext`` on pages, identity in ``match_files``). The
templates below are the translatable source strings; ``gettext_noop`` marks them for ``makemessages``.
"""

from dataclasses import dataclass

import numpy as np

from jiuye.matching.config import PARTS
from jiuye.matching.features import EDUCATION_LEVELS, KEY_GROUPS
from jiuye.matching.occupations import group_name, level_code
from jiuye.matching.scoring import PairContext, values_and_distances


def gettext_noop(text: str) -> str:
    return text


REASONS = {
    "occupation_detail": gettext_noop("同一职业（细类）：{name}"),
    "occupation_minor": gettext_noop("同一职业小类：{name}"),
    "occupation_medium": gettext_noop("同一职业中类：{name}"),
    "occupation_none": gettext_noop("职业不同"),
    "title": gettext_noop("职位名称相似度{percent}%"),
    "skills_shared": gettext_noop("共同技能：{skills}"),
    "skills_none": gettext_noop("没有共同技能"),
    "same_county": gettext_noop("同一县（市、区）"),
    "same_city": gettext_noop("同一市，距离约{km}公里"),
    "distance": gettext_noop("距离约{km}公里"),
    "wage_within": gettext_noop("期望工资{expected}元在岗位工资{low}–{high}元内"),
    "wage_above": gettext_noop("岗位工资{low}–{high}元高于期望工资{expected}元"),
    "wage_short": gettext_noop("期望工资{expected}元高于岗位最高工资{high}元"),
    "wage_unknown": gettext_noop("工资信息不全"),
    "education_none": gettext_noop("岗位不限学历"),
    "education_meets": gettext_noop("学历符合要求（{required}）"),
    "education_below": gettext_noop("学历低于要求（{required}）"),
    "education_unknown": gettext_noop("学历未知"),
    "experience_none": gettext_noop("岗位不要求工作经验"),
    "experience_meets": gettext_noop("工作经验{years}年，满足{required}年要求"),
    "experience_below": gettext_noop("工作经验{years}年，少于{required}年要求"),
    "experience_unknown": gettext_noop("工作经验未知"),
    "freshness": gettext_noop("发布于{days}天前"),
    "freshness_unknown": gettext_noop("发布日期未知"),
    "key_group": gettext_noop("重点群体：{groups}"),
    "key_group_none": gettext_noop("非重点群体"),
}
EDUCATION_NAMES = dict(
    zip(
        EDUCATION_LEVELS,
        ("小学及以下", "初中", "普通高中", "中专、职高、技校", "大学专科", "大学本科", "硕士研究生", "博士研究生"),
        strict=True,
    )
)
KEY_GROUP_NAMES = dict(
    zip(
        KEY_GROUPS,
        (
            "离校未就业高校毕业生",
            "城镇青年",
            "退役军人",
            "农民工",
            "农村转移劳动力",
            "脱贫人口",
            "就业困难人员",
            "残疾人",
            "零就业家庭成员",
            "登记失业人员",
        ),
        strict=True,
    )
)


@dataclass(frozen=True)
class PartReason:
    part: str
    value: float
    contribution: float
    code: str
    params: dict


def explain_pair(context: PairContext, s: int, v: int, direction: str) -> list[PartReason]:
    """The reasons for one pair, in `PARTS` order (parts with weight 0 are left out)."""
    values, distances = values_and_distances(context, np.array([s]), np.array([v]))
    values, km = values[0], float(distances[0])
    weights = context.part_weights(direction)
    reasons = []
    for i, part in enumerate(PARTS):
        if weights[i] > 0:
            code, params = REASON_BUILDERS[part](context, s, v, values[i], km)
            reasons.append(PartReason(part, float(values[i]), float(weights[i] * values[i]), code, params))
    return reasons


def explain(reasons: list[PartReason], gettext=gettext_noop) -> list[str]:
    """Chinese text of each reason: "同一县（市、区）", "距离约35公里"..."""
    return [gettext(REASONS[reason.code]).format(**reason.params) for reason in reasons]


def _occupation(context: PairContext, s, v, value, km):
    left, right = context.seekers.occupation[s], context.vacancies.occupation[v]
    for level, name in ((0, "detail"), (1, "minor"), (2, "medium")):
        if left[level] >= 0 and left[level] == right[level]:
            return f"occupation_{name}", {"name": group_name(level_code(left[level], name))}
    return "occupation_none", {}


def _skills(context: PairContext, s, v, value, km):
    shared = sorted(set(context.seekers.skills.row(s)) & set(context.vacancies.skills.row(v)))
    return ("skills_shared", {"skills": "、".join(shared)}) if shared else ("skills_none", {})


def _location(context: PairContext, s, v, value, km):
    km = round(km)
    left, right = context.seekers.place[s], context.vacancies.place[v]
    if left == right:
        return "same_county", {"km": km}
    if context.places.city[left] == context.places.city[right]:
        return "same_city", {"km": km}
    return "distance", {"km": km}


def _wage(context: PairContext, s, v, value, km):
    expected = context.seekers.expected_wage[s]
    low, high = context.vacancies.wage_min[v], context.vacancies.wage_max[v]
    if np.isnan(expected) or np.isnan(high):
        return "wage_unknown", {}
    params = {"expected": int(expected), "low": int(low), "high": int(high)}
    if expected > high:
        return "wage_short", params
    return ("wage_above" if expected < low else "wage_within"), params


def _education(context: PairContext, s, v, value, km):
    has, needs = int(context.seekers.education[s]), int(context.vacancies.education[v])
    if needs < 0:
        return "education_none", {}
    if has < 0:
        return "education_unknown", {}
    return ("education_meets" if has >= needs else "education_below"), {
        "required": EDUCATION_NAMES[EDUCATION_LEVELS[needs]]
    }


def _experience(context: PairContext, s, v, value, km):
    has, needs = context.seekers.experience_years[s], context.vacancies.experience_years[v]
    if np.isnan(needs) or needs <= 0:
        return "experience_none", {}
    if np.isnan(has):
        return "experience_unknown", {}
    params = {"years": f"{has:g}", "required": f"{needs:g}"}
    return ("experience_meets" if has >= needs else "experience_below"), params


def _freshness(context: PairContext, s, v, value, km):
    posted = context.vacancies.posted[v]
    if np.isnat(posted):
        return "freshness_unknown", {}
    return "freshness", {"days": max(int((context.today - posted).astype(int)), 0)}


def _key_group(context: PairContext, s, v, value, km):
    bits = int(context.seekers.key_groups[s])
    groups = [KEY_GROUP_NAMES[g] for i, g in enumerate(KEY_GROUPS) if bits & (1 << i)]
    return ("key_group", {"groups": "、".join(groups)}) if groups else ("key_group_none", {})


def _title(context: PairContext, s, v, value, km):
    return "title", {"percent": round(value * 100)}


# Each part's reason: (context, seeker row, vacancy row, the part's value, the pair's distance in km) -> (code, params)
REASON_BUILDERS = {
    "occupation": _occupation,
    "title": _title,
    "skills": _skills,
    "location": _location,
    "wage": _wage,
    "education": _education,
    "experience": _experience,
    "freshness": _freshness,
    "key_group": _key_group,
}
