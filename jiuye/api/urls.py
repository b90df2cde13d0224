from ninja import NinjaAPI

from jiuye.api import employers, reference

api = NinjaAPI(
    title="jiuye 就业服务与失业监测平台接口",
    version="0.1.0",
    description="供其他政务系统调用。含个人或企业信息的接口需登录会话或令牌（Bearer），且只返回本辖区数据。",
    urls_namespace="api",
)
api.add_router("/reference", reference.router)
api.add_router("/employers", employers.router)
