"""How personal data is shown to those who may not see it whole (PIPL: minimum necessary): the resident ID number
of a person list, the phone number of a person referred to an employer's account."""


def mask_ric(number: str) -> str:
    """`140105199003070012` -> `140105********0012`: the area and the last four stay, the birth date is hidden."""
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str) -> str:
    """`13912345678` -> `139****5678`; a landline keeps its area code and last four digits."""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
