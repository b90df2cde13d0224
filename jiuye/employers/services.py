from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import uscc as uscc_standard


def uscc_normalise(value: str) -> str:
    """Validate a unified social credit code by its GB 32100 check character and return its compact form."""
    try:
        return uscc_standard.validate(value)
    except stdnum_errors.ValidationError as error:
        raise ValidationError(
            _("统一社会信用代码“%(value)s”无效：%(reason)s") % {"value": value, "reason": _uscc_reason(error)}
        ) from error


def _uscc_reason(error: stdnum_errors.ValidationError) -> str:
    if isinstance(error, stdnum_errors.InvalidLength):
        return _("应为18位")
    if isinstance(error, stdnum_errors.InvalidChecksum):
        return _("校验位不符")
    return _("含有不允许的字符")
