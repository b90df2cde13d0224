from ninja.renderers import JSONRenderer

from jiuye.api import docs, employers, market, matching, people, plans, reference, seekers, vacancies
from jiuye.api.base import JiuyeAPI
from jiuye.api.monitoring import router as monitoring_router


class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 JSON: Chinese names and messages as text, not \\u escapes, for the people who read the responses."""

    json_dumps_params = {"ensure_ascii": False}


api = JiuyeAPI(
    renderer=ChineseJSONRenderer(),
    title="jiuye 就业服务与失业监测平台接口",
    version="0.1.0",
    description="供其他政务系统调用。含个人或企业信息的接口需登录会话或令牌（Bearer），且只返回本辖区数据。",
    urls_namespace="api",
    docs=docs.OfflineSwagger(),
)
api.add_router("/reference", reference.router)
api.add_router("/employers", employers.router)
api.add_router("/people", people.router)
api.add_router("/vacancies", vacancies.router)
api.add_router("/seekers", seekers.router)
api.add_router("/referrals", seekers.referrals_router)
api.add_router("/market", market.router)
api.add_router("/matching", matching.router)
api.add_router("/monitoring", monitoring_router)
api.add_router("/plans", plans.router)
