"""API authentication: a browser session (with CSRF) or a bearer token issued to another government system."""

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from jiuye.accounts.models import User
from jiuye.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_authenticate(presented=token)
        if user is not None:
            request.user = user
        return user


# Endpoints with personal or enterprise data take either; the handler then scopes by `request.user`.
user_auth = [SessionAuth(), TokenAuth()]
