import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.accounts.enums import Role
from jiuye.accounts.models import ApiToken, OrgUnit, RoleAssignment, User
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


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, `prefix.secret`, which is never stored and shown only once."""
    prefix = secrets.token_hex(TOKEN_PREFIX_LENGTH // 2)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, key_hash=_hash_secret(secret))
    return token, f"{prefix}.{secret}"


def api_token_authenticate(*, presented: str) -> User | None:
    prefix, _dot, secret = presented.partition(".")
    token = ApiToken.objects.active().select_related("user__org_unit").filter(prefix=prefix).first()
    if token is None or not secrets.compare_digest(token.key_hash, _hash_secret(secret)):
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def api_token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
