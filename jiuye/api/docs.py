"""`/api/docs` without the internet: django-ninja's Swagger page, but its Swagger UI comes from npm (swagger-ui-dist,
copied into build/static/vendor/swagger-ui/ by the Makefile) instead of a CDN, as every asset of the platform does.

Swagger UI's online validator badge is switched off (`validatorUrl: None`): it would send the schema to
validator.swagger.io. Requests tried from the page carry the CSRF token, so a logged-in user can try the
session-authenticated endpoints.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger


class OfflineSwagger(Swagger):
    template = "www/api_docs.html"
    default_settings = {**Swagger.default_settings, "validatorUrl": None}

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, self.template, {"api": api, "swagger_settings": settings})
