import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.accounts.enums import Role
from jiuye.accounts.models import ApiToken, OrgUnit, RoleAssignment, User, api_token_expiry
from jiuye.reference.models import Region

TOKEN_PREFIX_LENGTH = 8


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def org_unit_get_or_create(*, region: Region, name: str) -> OrgUnit:
    org_unit, _created = OrgUnit.objects.get_or_create(
        region=region, name=name, defaults={"service_level": region.level}
    )
    return org_unit


@transaction.atomic
def user_create(
    *, username: str, password: str, org_unit: OrgUnit, roles: list[Role], full_name: str = "", is_staff: bool = False
) -> User:
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("用户名“%(username)s”已存在。") % {"username": username})
    user = User(username=username, org_unit=org_unit, last_name=full_name, is_staff=is_staff)
    user.set_password(password)
    user.save()
    RoleAssignment.objects.bulk_create([RoleAssignment(user=user, role=role) for role in roles])
    return user


def api_token_create(*, user: User, name: str, expires_at: datetime.datetime | None = None) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, `prefix.secret`, which is never stored and shown only once.
    It expires at `expires_at`, by default API_TOKEN_LIFETIME_DAYS (365) from now."""
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("有效期须晚于当前时间。")})
    prefix = secrets.token_hex(TOKEN_PREFIX_LENGTH // 2)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, key_hash=_hash_secret(secret), expires_at=expires_at or api_token_expiry()
    )
    return token, f"{prefix}.{secret}"


def api_token_authenticate(*, presented: str) -> ApiToken | None:
    """The active token (not revoked, not expired, of an active user) whose secret this is, with its user."""
    prefix, _dot, secret = presented.partition(".")
    token = ApiToken.objects.active().select_related("user__org_unit").filter(prefix=prefix).first()
    if token is None or not secrets.compare_digest(token.key_hash, _hash_secret(secret)):
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def api_token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
