"""Persons, households and the real-name registers (实名制台账) of the key groups, with the services given.

Personal and enterprise data: every model here is region-scoped (`jiuye.accounts.scope`) by where the person lives,
and the resident ID number is never stored in clear (`jiuye.people.crypto`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jiuye.accounts.scope import RegionScopedModel, RegionScopedQuerySet
from jiuye.people.enums import (
    EmploymentStatus,
    HardToEmployCategory,
    HouseholdRelationship,
    ServiceKind,
    Sex,
    SubsidyKind,
    UnemploymentExitReason,
)
from jiuye.people.names import name_key
from jiuye.reference.enums import DataSource, EducationLevel, KeyGroup
from jiuye.reference.models import Region


class Household(RegionScopedModel):
    """A household (户), for finding zero-employment households: working-age members able to work and none
    employed. Scoped by the household's region."""

    region = models.ForeignKey(Region, verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="households")
    head_name = models.CharField(_("户主姓名"), max_length=64)
    address = models.CharField(_("住址"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    region_scope_field = "region__code"

    class Meta:
        verbose_name = _("家庭")
        verbose_name_plural = _("家庭")
        ordering = ["region_id", "head_name", "pk"]

    def __str__(self) -> str:
        return _("%(name)s户") % {"name": self.head_name}


class PersonQuerySet(RegionScopedQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """`save` keeps `name_search` in step with `name`; a bulk insert (the demo's million people) skips `save`,
        so it sets the key here."""
        objs = list(objs)
        for person in objs:
            person.name_search = name_key(person.name)
        return super().bulk_create(objs, *args, **kwargs)


class Person(RegionScopedModel):
    """A resident known to public employment services, identified by the resident ID number (ric). Scoped by where the
    person lives now (常住地: a county, or a street or community when known), because that office serves them."""

    name = models.CharField(_("姓名"), max_length=64)
    # The name as searches compare it (`jiuye.people.names.name_key`: no spaces, half-width, case-folded), derived
    # from `name` on every save; indexed so that a whole or leading part of a name is an index lookup.
    name_search = models.CharField(_("姓名（检索用）"), max_length=64, editable=False, default="")
    ric_encrypted = models.TextField(_("公民身份号码（密文）"))
    ric_hash = models.CharField(_("公民身份号码（摘要）"), max_length=64, unique=True)
    ric_masked = models.CharField(_("公民身份号码"), max_length=18)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("出生日期"))
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    education_level = models.CharField(_("学历"), max_length=32, choices=EducationLevel.choices, blank=True)
    household_region = models.ForeignKey(
        Region, verbose_name=_("户籍地"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # No index of its own: the two indexes of Meta begin with it and serve every look-up by region; a third on the
    # same column cost a register import of 100,000 new people a tenth of its time in writing it.
    residence_region = models.ForeignKey(
        Region, verbose_name=_("现居住地"), on_delete=models.PROTECT, related_name="residents", db_index=False
    )
    employment_status = models.CharField(
        _("就业状态"), max_length=32, choices=EmploymentStatus.choices, default=EmploymentStatus.OUTSIDE_LABOUR_FORCE
    )
    employment_status_since = models.DateField(_("状态起始日期"), null=True, blank=True)
    household = models.ForeignKey(
        Household, verbose_name=_("家庭"), on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    household_relationship = models.CharField(
        _("与户主关系"), max_length=16, choices=HouseholdRelationship.choices, blank=True
    )
    able_to_work = models.BooleanField(_("有劳动能力"), default=True)
    source = models.CharField(_("数据来源"), max_length=16, choices=DataSource.choices, default=DataSource.MANUAL)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # Optimistic locking: one more at every update (`save`, the import's `bulk_write.rows_update`), so that an edit
    # form opened at version 3 is refused once someone else saved version 4 (`jiuye.core.versions.check_version`).
    version = models.PositiveIntegerField(_("版本"), default=1, db_default=1, editable=False)

    objects = PersonQuerySet.as_manager()

    region_scope_field = "residence_region__code"

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["residence_region_id", "name", "pk"]
        indexes = [
            models.Index(fields=["residence_region", "employment_status"]),
            # The people of a region by their id, without reading their rows (PostgreSQL's index-only scan): what a
            # count over another table joins on to keep to a region (new jobs, seekers by region on the dashboard).
            models.Index(fields=["residence_region", "id"]),
            models.Index(fields=["phone"]),
            # Pattern operators on PostgreSQL, so that `LIKE '王晋%'` uses the index whatever the collation; other
            # databases ignore `opclasses`.
            models.Index(fields=["name_search"], name="person_name_search", opclasses=["varchar_pattern_ops"]),
        ]
        permissions = [("unmask_ric", _("可查看完整公民身份号码"))]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        """Keeps `name_search` in step with `name`, and counts the update in `version`: in the database
        (version + 1), so that a save of an instance read before someone else's still counts; Django reads the new
        version back with the UPDATE's RETURNING."""
        self.name_search = name_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            update_fields = kwargs["update_fields"] = {*update_fields, "name_search"}
        if not self._state.adding and self.pk is not None:
            self.version = models.F("version") + 1
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)


class EmploymentStatusChange(RegionScopedModel):
    """The dated history of a person's employment status; the person row keeps the current one."""

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("就业状态"), max_length=32, choices=EmploymentStatus.choices)
    effective_on = models.DateField(_("生效日期"))
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("记录人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    region_scope_field = "person__residence_region__code"

    class Meta:
        verbose_name = _("就业状态变更")
        verbose_name_plural = _("就业状态变更")
        ordering = ["person_id", "effective_on", "pk"]
        # 城镇新增就业 counts the changes to 就业 of a year (jiuye.plans.computed, the plan's dashboard).
        indexes = [models.Index(fields=["status", "effective_on", "person"])]

    def __str__(self) -> str:
        return f"{self.person} {self.get_status_display()} {self.effective_on}"


class ZeroEmploymentEpisode(RegionScopedModel):
    """A period during which a household was zero-employment, from when it became so until it was cleared (动态清零),
    with the service that cleared it."""

    household = models.ForeignKey(
        Household, verbose_name=_("家庭"), on_delete=models.CASCADE, related_name="zero_employment_episodes"
    )
    started_on = models.DateField(_("认定日期"))
    cleared_on = models.DateField(_("清零日期"), null=True, blank=True)
    cleared_by_service = models.ForeignKey(
        "Service", verbose_name=_("清零服务"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    region_scope_field = "household__region__code"

    class Meta:
        verbose_name = _("零就业家庭认定")
        verbose_name_plural = _("零就业家庭认定")
        ordering = ["started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=models.Q(cleared_on__isnull=True), name="one_open_zero_episode"
            )
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.started_on}"


class RegisterEntry(RegionScopedModel):
    """A person's entry in one key-group register; a person may be in several. Group-specific columns are blank
    where they do not apply."""

    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="register_entries"
    )
    group = models.CharField(_("重点群体"), max_length=32, choices=KeyGroup.choices)
    entered_on = models.DateField(_("登记日期"))
    exited_on = models.DateField(_("退出日期"), null=True, blank=True)
    exit_reason = models.CharField(_("退出原因"), max_length=32, choices=UnemploymentExitReason.choices, blank=True)
    # Unplaced graduates.
    school = models.CharField(_("毕业院校"), max_length=128, blank=True)
    major = models.CharField(_("所学专业"), max_length=128, blank=True)
    graduation_date = models.DateField(_("毕业时间"), null=True, blank=True)
    # Hard-to-employ.
    hard_to_employ_category = models.CharField(
        _("困难类别"), max_length=32, choices=HardToEmployCategory.choices, blank=True
    )
    # Disabled people: category and grade as on the disability certificate (残疾人证).
    disability = models.CharField(_("残疾类别与等级"), max_length=64, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("登记机构"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("数据来源"), max_length=16, choices=DataSource.choices, default=DataSource.MANUAL)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    region_scope_field = "person__residence_region__code"

    class Meta:
        verbose_name = _("台账登记")
        verbose_name_plural = _("台账登记")
        ordering = ["group", "entered_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "group"], condition=models.Q(exited_on__isnull=True), name="one_open_entry_per_group"
            )
        ]
        indexes = [models.Index(fields=["group", "exited_on"])]

    def __str__(self) -> str:
        return f"{self.person} {self.get_group_display()}"


class Service(RegionScopedModel):
    """A service given to a person: guidance, referral, training, internship, startup help, a public-welfare job,
    a subsidy, or a follow-up contact. Amounts are in fen (分), never floats."""

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="services")
    kind = models.CharField(_("服务类型"), max_length=32, choices=ServiceKind.choices)
    provided_on = models.DateField(_("服务日期"))
    provider = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("服务机构"), on_delete=models.PROTECT, related_name="services_given"
    )
    caseworker = models.ForeignKey(
        "accounts.User", verbose_name=_("经办人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subsidy_kind = models.CharField(_("补贴类型"), max_length=32, choices=SubsidyKind.choices, blank=True)
    amount_fen = models.PositiveBigIntegerField(_("金额（分）"), null=True, blank=True)
    description = models.CharField(_("服务内容"), max_length=200, blank=True)
    source = models.CharField(_("数据来源"), max_length=16, choices=DataSource.choices, default=DataSource.MANUAL)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    region_scope_field = "person__residence_region__code"

    class Meta:
        verbose_name = _("服务记录")
        verbose_name_plural = _("服务记录")
        ordering = ["-provided_on", "-pk"]
        indexes = [models.Index(fields=["person", "kind", "provided_on"])]

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()} {self.provided_on}"

    @property
    def amount_yuan(self) -> str | None:
        return None if self.amount_fen is None else f"{self.amount_fen // 100}.{self.amount_fen % 100:02d}"
