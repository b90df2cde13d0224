"""Who must confirm a second factor (动态口令, TOTP) after the password, and where an unconfirmed session is refused.

- The users who may see or export full resident ID numbers (`people.unmask_ric`, superusers included) and the
  administrators (they manage those users' accounts and reset their devices, so their password alone must not
  open that door). Caseworkers, analysts and enterprise reporter accounts without the permission are not asked.
- Such a user's browser session reaches no page until the code is confirmed (`jiuye.www.middleware`); the full-number
  endpoints (the 显示 button, full-number exports, the API's `/people/{id}/ric` with a session) refuse it by
  themselves as well (`check_second_factor`), so that a page left off the middleware's path stays closed.
- An API bearer token is exempt: it is issued to another system, for its own scope, not to a person at a browser.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jiuye.accounts.models import User
from jiuye.accounts.perms import can_administer
from jiuye.people.perms import can_unmask_ric

UNVERIFIED = _("查看或导出完整公民身份号码前，请先完成动态口令验证（退出后重新登录，输入手机验证器上的6位数字）。")


def second_factor_required(user: User) -> bool:
    """A county caseworker granted full ID numbers must confirm a code; one without that permission is not asked."""
    if not user.is_authenticated or not user.is_active:
        return False
    return can_administer(user) or can_unmask_ric(user)


# Whether the session's user must confirm a second factor, worked out when they log in: the middleware reads it on
# every page without asking the permission tables again. The full-number endpoints ask them afresh
# (`check_second_factor`), so a permission granted during a session is refused there until the next login.
SESSION_REQUIRED_KEY = "second_factor_required"


def remember_at_login(sender, request: HttpRequest, user: User, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_REQUIRED_KEY] = second_factor_required(user)


def session_owes_second_factor(request: HttpRequest) -> bool:
    """The session's user must confirm a code and has not yet. A session begun before this check was deployed is
    asked each time, not written to: a page's GET writes no session row."""
    required = request.session.get(SESSION_REQUIRED_KEY)
    if required is None:
        required = second_factor_required(request.user)
    return required and not session_verified(request)


def session_verified(request: HttpRequest) -> bool:
    """The session's user confirmed a code of their own confirmed device (django_otp's `OTPMiddleware`). A request
    without the middleware's mark counts as unverified: the check fails closed."""
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def check_second_factor(request: HttpRequest) -> None:
    """Refuse (403, in Chinese) a session that needs a second factor and has not confirmed it; a request
    authenticated by an API bearer token (`jiuye.api.auth.TokenAuth` marks it) passes."""
    if getattr(request, "api_token", None) is not None:
        return
    if second_factor_required(request.user) and not session_verified(request):
        raise PermissionDenied(UNVERIFIED)
