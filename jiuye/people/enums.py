from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    """Codes of GB/T 2261.1 (1 male, 2 female), as the resident ID number and the labour force survey use them."""

    MALE = "1", _("男")
    FEMALE = "2", _("女")


class EmploymentStatus(models.TextChoices):
    EMPLOYED = "employed", _("就业")
    UNEMPLOYED = "unemployed", _("失业")
    OUTSIDE_LABOUR_FORCE = "outside_labour_force", _("非劳动力")
