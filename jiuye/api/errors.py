"""One error shape for every answer of /api/ that is not a success, so a calling system parses one thing:

    {"error": {"code": "validation_error", "message": "提交的数据有误。", "fields": {"ric": "此项必填。"}}}

`code` is stable English for programs, `message` and `fields` Chinese for the people who read them. Django's and
django-ninja's English messages ("No Person matches the given query.", "CSRF check Failed") are replaced by the
status's Chinese one; a message written in Chinese by our own code (a 404 that names what was not found) is kept.
A 500 never carries a traceback: it is logged, and the caller gets the shape with a generic message.
"""

import logging
import math
from typing import Any

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger(__name__)

# (code, Chinese message) by HTTP status, for errors that bring no Chinese message of their own.
STATUS_ERRORS = {
    400: ("bad_request", gettext_lazy("请求格式有误（例如请求体不是有效的JSON）。")),
    401: ("unauthorized", gettext_lazy("请先登录，或在 Authorization 头中提供有效的令牌（Bearer）。")),
    403: ("forbidden", gettext_lazy("没有权限。")),
    404: ("not_found", gettext_lazy("未找到，或不在您的管辖范围内。")),
    405: ("method_not_allowed", gettext_lazy("不支持该请求方法。")),
    422: ("validation_error", gettext_lazy("提交的数据有误，请检查各字段。")),
    429: ("rate_limited", gettext_lazy("请求过于频繁，请稍后再试。")),
    500: ("server_error", gettext_lazy("服务器内部错误，请稍后再试。")),
}


class CsrfFailed(HttpError):
    """A session request that changes data came without its CSRF token (jiuye.api.auth.CsrfSessionAuth)."""

    def __init__(self) -> None:
        super().__init__(403, "CSRF check failed")


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, str]


class ErrorOut(Schema):
    """The one error shape of /api/: `fields` maps a field (dotted for nested ones) to its Chinese message."""

    error: ErrorBody


def error_body(status: int, *, message: str = "", code: str = "", fields: dict | None = None) -> dict:
    default_code, default_message = STATUS_ERRORS.get(status, STATUS_ERRORS[500 if status >= 500 else 400])
    message = message or str(default_message)
    return {"error": {"code": code or default_code, "message": message, "fields": fields or {}}}


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def _own_message(error: Exception) -> str:
    """The error's message if our code wrote it in Chinese, else empty (the status's message is used)."""
    text = str(error.args[0]) if error.args else ""
    return text if _is_chinese(text) else ""


def install(api: NinjaAPI) -> None:
    """Register the handlers on the API; the most specific exception class wins (ninja looks along the MRO)."""

    def respond(request: HttpRequest, status: int, **body: Any) -> HttpResponse:
        return api.create_response(request, error_body(status, **body), status=status)

    def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        return respond(request, error.status_code, message=_own_message(error))

    def csrf_failed(request: HttpRequest, error: CsrfFailed) -> HttpResponse:
        message = _("缺少或无效的CSRF令牌（会话请求须带 X-CSRFToken 头）。")
        return respond(request, 403, code="csrf_failed", message=message)

    def throttled(request: HttpRequest, error: Throttled) -> HttpResponse:
        response = respond(request, 429)
        if error.wait is not None:
            response["Retry-After"] = str(max(1, math.ceil(error.wait)))
        return response

    def server_error(request: HttpRequest, error: Exception) -> HttpResponse:
        logger.exception("API %s %s failed", request.method, request.path, exc_info=error)
        return respond(request, 500)

    handlers = {
        Exception: server_error,
        HttpError: http_error,
        CsrfFailed: csrf_failed,
        AuthenticationError: lambda request, error: respond(request, 401),
        Throttled: throttled,
        Http404: lambda request, error: respond(request, 404, message=_own_message(error)),
        PermissionDenied: lambda request, error: respond(request, 403, message=_own_message(error)),
        BadRequest: lambda request, error: respond(request, 400),
        SuspiciousOperation: lambda request, error: respond(request, 400),
        NinjaValidationError: lambda request, error: respond(request, 422, fields=ninja_fields(error.errors)),
        DjangoValidationError: lambda request, error: respond(request, 422, **django_fields(error)),
    }
    for exception_class, handler in handlers.items():
        api.add_exception_handler(exception_class, handler)


def django_fields(error: DjangoValidationError) -> dict:
    """A domain rule's refusal: its field messages by field, its general ones as the message."""
    if not hasattr(error, "error_dict"):
        return {"message": "".join(error.messages)}
    fields = {name: "".join(messages) for name, messages in error.message_dict.items()}
    general = fields.pop("__all__", "")
    return {"message": general or "".join(fields.values()), "fields": fields}


def ninja_fields(errors: list[dict]) -> dict[str, str]:
    """Pydantic's errors by field, in Chinese: `("body", "payload", "ric")` is `ric`, `("query", "limit")` `limit`."""
    fields: dict[str, str] = {}
    for error in errors:
        location = [str(part) for part in error.get("loc", ())]
        if location[:1] == ["body"] and len(location) > 2:
            location = location[2:]
        elif len(location) > 1:
            location = location[1:]
        name = ".".join(location) or "__all__"
        fields[name] = fields.get(name, "") + pydantic_message(error)
    return fields


# Pydantic error types (https://docs.pydantic.dev/latest/errors/validation_errors/) in Chinese; `{name}` from `ctx`.
PYDANTIC_MESSAGES = {
    "missing": gettext_lazy("此项必填。"),
    "int_parsing": gettext_lazy("请填写整数。"),
    "int_type": gettext_lazy("请填写整数。"),
    "int_from_float": gettext_lazy("请填写整数。"),
    "float_parsing": gettext_lazy("请填写数字。"),
    "float_type": gettext_lazy("请填写数字。"),
    "decimal_parsing": gettext_lazy("请填写数字。"),
    "bool_parsing": gettext_lazy("请填写 true 或 false。"),
    "bool_type": gettext_lazy("请填写 true 或 false。"),
    "string_type": gettext_lazy("请填写文本。"),
    "string_too_short": gettext_lazy("至少 {min_length} 个字符。"),
    "string_too_long": gettext_lazy("最多 {max_length} 个字符。"),
    "string_pattern_mismatch": gettext_lazy("格式不正确。"),
    "greater_than": gettext_lazy("应大于 {gt}。"),
    "greater_than_equal": gettext_lazy("应不小于 {ge}。"),
    "less_than": gettext_lazy("应小于 {lt}。"),
    "less_than_equal": gettext_lazy("应不大于 {le}。"),
    "enum": gettext_lazy("应为以下之一：{expected}。"),
    "literal_error": gettext_lazy("应为以下之一：{expected}。"),
    "date_parsing": gettext_lazy("请填写有效日期，格式为 YYYY-MM-DD。"),
    "date_from_datetime_parsing": gettext_lazy("请填写有效日期，格式为 YYYY-MM-DD。"),
    "date_from_datetime_inexact": gettext_lazy("请填写日期，不含时间。"),
    "date_type": gettext_lazy("请填写有效日期，格式为 YYYY-MM-DD。"),
    "datetime_parsing": gettext_lazy("请填写有效时间，格式为 ISO 8601。"),
    "datetime_from_date_parsing": gettext_lazy("请填写有效时间，格式为 ISO 8601。"),
    "datetime_type": gettext_lazy("请填写有效时间，格式为 ISO 8601。"),
    "list_type": gettext_lazy("应为列表。"),
    "dict_type": gettext_lazy("应为对象。"),
    "model_attributes_type": gettext_lazy("应为对象。"),
    "json_invalid": gettext_lazy("不是有效的JSON。"),
    "value_error": gettext_lazy("取值无效。"),
}


def pydantic_message(error: dict) -> str:
    """The Chinese message of one pydantic error; a validator's own Chinese message (a value_error) is kept."""
    own = str(error.get("msg", "")).removeprefix("Value error, ")
    if error.get("type") == "value_error" and _is_chinese(own):
        return own
    template = str(PYDANTIC_MESSAGES.get(error.get("type", ""), _("取值无效。")))
    try:
        return template.format(**error.get("ctx", {}))
    except (KeyError, IndexError):
        return _("取值无效。")
