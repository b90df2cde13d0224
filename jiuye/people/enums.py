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


class ServiceKind(models.TextChoices):
    """Services given to a person (public employment services), as the glossary names them."""

    POLICY_BRIEFING = "policy_briefing", _("政策宣讲")
    CAREER_GUIDANCE = "career_guidance", _("职业指导")
    JOB_REFERRAL = "job_referral", _("职业介绍")
    SKILLS_TRAINING = "skills_training", _("职业技能培训")
    INTERNSHIP = "internship", _("就业见习")
    STARTUP_SERVICE = "startup_service", _("创业服务")
    PUBLIC_WELFARE_JOB = "public_welfare_job", _("公益性岗位安置")
    SUBSIDY = "subsidy", _("补贴发放")
    FOLLOW_UP = "follow_up", _("跟踪回访")


class SubsidyKind(models.TextChoices):
    SOCIAL_INSURANCE = "social_insurance_subsidy", _("社会保险补贴")
    HIRING = "hiring_subsidy", _("一次性吸纳就业补贴")
    JOB_SEEKING = "job_seeking_subsidy", _("求职创业补贴")
    TRAINING = "training_subsidy", _("职业培训补贴")
    INTERNSHIP = "internship_subsidy", _("就业见习补贴")
    STARTUP = "startup_subsidy", _("一次性创业补贴")
    PUBLIC_WELFARE_JOB = "public_welfare_job_subsidy", _("公益性岗位补贴")
    OTHER = "other", _("其他补贴")


class HardToEmployCategory(models.TextChoices):
    """就业困难人员 categories as Shanxi's definition lists them (晋人社厅发〔2019〕 rules, kept as codes)."""

    OLDER_WORKER = "older_worker", _("大龄失业人员（女40岁、男50岁以上）")
    DISABLED = "disabled", _("残疾人")
    LOW_INCOME = "low_income", _("享受最低生活保障人员")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("连续失业一年以上人员")
    LAND_LOST = "land_lost", _("失去土地人员")
    ZERO_EMPLOYMENT_HOUSEHOLD = "zero_employment_household", _("零就业家庭成员")
    POVERTY_ALLEVIATED = "poverty_alleviated", _("脱贫人口")
    OTHER = "other", _("其他")


class HouseholdRelationship(models.TextChoices):
    HEAD = "head", _("户主")
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    PARENT = "parent", _("父母")
    OTHER = "other", _("其他")


class UnemploymentExitReason(models.TextChoices):
    EMPLOYED = "employed", _("实现就业")
    RETIRED = "retired", _("达到法定退休年龄")
    MOVED = "moved", _("迁出本地")
    ENROLLED = "enrolled", _("升学或参军")
    NO_CONTACT = "no_contact", _("连续6个月未联系")
    OTHER = "other", _("其他")
