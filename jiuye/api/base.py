"""The platform's NinjaAPI: the one error shape on every answer of /api/, documented in its OpenAPI schema.

Beyond the exception handlers (jiuye.api.errors), two answers come from outside any operation and would otherwise be
Django's: a path no route matches (Django's Chinese HTML 404 page) and a method a route does not take (ninja's plain
"Method not allowed"). A last URL pattern answers the first, and each route's view converts the second.
"""

import functools

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from jiuye.api import errors
from jiuye.api.openapi import document_errors


class JiuyeAPI(NinjaAPI):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        errors.install(self)

    def get_openapi_schema(self, **kwargs) -> OpenAPISchema:
        return document_errors(super().get_openapi_schema(**kwargs))

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = self._method_not_allowed_in_json(pattern.callback)

        def no_route(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            return self.create_response(request, errors.error_body(404), status=404)

        return [*patterns, re_path(r"", no_route, name="no-route")]

    def _method_not_allowed_in_json(self, view):
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if response.status_code != 405 or response.get("Content-Type", "").startswith("application/json"):
                return response
            converted = self.create_response(request, errors.error_body(405), status=405)
            converted["Allow"] = response["Allow"]
            return converted

        return wrapper
