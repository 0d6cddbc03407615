"""Regions, organisations, websites, people and their roles, as the registry holds them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from nianbao.web.registry.scoping import ScopedManager

SITE_CODE_VALIDATOR = RegexValidator(r"^\d{10}$", "政府网站标识码应为10位数字")
REGION_CODE_VALIDATOR = RegexValidator(r"^\d{6}$", "行政区划代码应为6位数字")


class User(AbstractUser):
    """A person who signs in; what they may do comes from their RoleAssignments."""

    display_name = models.CharField("姓名", max_length=50, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_system_admin(self) -> bool:
        return self.is_superuser or self.roles.filter(role=Role.ADMIN).exists()


class Region(models.Model):
    """An administrative region: 自治区/省 › 设区市 › 县区; `path` holds the codes from the top."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, "自治区/省"
        CITY = 2, "设区市"
        COUNTY = 3, "县区"

    code = models.CharField("行政区划代码", max_length=6, unique=True, validators=[REGION_CODE_VALIDATOR])
    name = models.CharField("名称", max_length=50)
    level = models.PositiveSmallIntegerField("层级", choices=Level.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name="上级"
    )
    path = models.CharField(max_length=80, editable=False, db_index=True)

    class Meta:
        ordering = ["path"]
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.parent is not None and self.level <= self.parent.level:
            raise ValueError(f"{self.name} 的层级必须低于上级 {self.parent.name}")
        self.path = (self.parent.path if self.parent else "") + self.code + "/"
        super().save(*args, **kwargs)

    def subtree(self) -> models.QuerySet[Region]:
        """Return this region and every region below it."""
        return Region.objects.filter(path__startswith=self.path)

    @property
    def full_name(self) -> str:
        names = []
        region: Region | None = self
        while region is not None:
            names.append(region.name)
            region = region.parent
        return " › ".join(reversed(names))


class Organisation(models.Model):
    """A body that sponsors (主办单位) or runs (承办单位) websites."""

    name = models.CharField("单位名称", max_length=100, unique=True)
    region = models.ForeignKey(Region, models.PROTECT, null=True, blank=True, verbose_name="所在地区")

    class Meta:
        ordering = ["name"]
        verbose_name = "单位"
        verbose_name_plural = "单位"

    def __str__(self) -> str:
        return self.name


class SiteType(models.TextChoices):
    PORTAL = "政府门户网站", "政府门户网站"
    DEPARTMENT = "部门网站", "部门网站"
    SPECIAL = "专项网站", "专项网站"


class WebsiteQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> WebsiteQuerySet:
        """Return the websites this user works on or supervises (all of them for a system administrator)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        roles = list(user.roles.select_related("region"))
        if any(r.role in (Role.ADMIN, Role.AUDITOR) for r in roles):
            return self
        condition = Q(pk__in=[r.website_id for r in roles if r.website_id])
        for r in roles:
            if r.role == Role.SUPERVISOR and r.region is not None:
                condition |= Q(region__path__startswith=r.region.path)
        return self.filter(condition)


class Website(models.Model):
    """A government website as registered: the 基本信息 of its report comes from here."""

    name = models.CharField("网站名称", max_length=100)
    code = models.CharField("政府网站标识码", max_length=10, unique=True, validators=[SITE_CODE_VALIDATOR])
    home_url = models.URLField("首页网址", max_length=300)
    site_type = models.CharField("网站类型", max_length=10, choices=SiteType.choices)
    region = models.ForeignKey(Region, models.PROTECT, related_name="websites", verbose_name="所属地区")
    sponsor = models.ForeignKey(
        Organisation, models.PROTECT, related_name="sponsored_sites", verbose_name="主办单位"
    )
    organizer = models.ForeignKey(
        Organisation, models.PROTECT, related_name="organized_sites", verbose_name="承办单位"
    )
    cn_domain = models.CharField("网站中文域名", max_length=100, blank=True)
    icp = models.CharField("ICP备案号", max_length=50, blank=True)
    psb = models.CharField("公安机关备案号", max_length=50, blank=True)
    e_code = models.CharField("电子标识码", max_length=30, blank=True)
    active = models.BooleanField("在用", default=True)

    unscoped = models.Manager()
    objects = ScopedManager.from_queryset(WebsiteQuerySet)()

    class Meta:
        ordering = ["code"]
        verbose_name = "网站"
        verbose_name_plural = "网站"
        default_manager_name = "unscoped"

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class Role(models.TextChoices):
    FILLER = "filler", "填报人"
    REVIEWER = "reviewer", "审核人"
    HEAD = "head", "单位负责人"
    SUPERVISOR = "supervisor", "监管人员"
    ADMIN = "admin", "系统管理员"
    AUDITOR = "auditor", "审计管理员"
    # 等级保护 level 3 separates a third administrator: security policy (unlocking accounts, …).
    SECURITY = "security", "安全管理员"


WEBSITE_ROLES = (Role.FILLER, Role.REVIEWER, Role.HEAD)
SYSTEM_ROLES = (Role.ADMIN, Role.AUDITOR, Role.SECURITY)


class RoleAssignment(models.Model):
    """A role a user holds: on one website (填报人/审核人/单位负责人), on a region (监管), or system-wide."""

    user = models.ForeignKey(User, models.CASCADE, related_name="roles", verbose_name="用户")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    website = models.ForeignKey(
        Website, models.CASCADE, null=True, blank=True, related_name="roles", verbose_name="网站"
    )
    region = models.ForeignKey(
        Region, models.CASCADE, null=True, blank=True, related_name="roles", verbose_name="地区"
    )
    created_at = models.DateTimeField("授予时间", auto_now_add=True)

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches_role",
                condition=(
                    Q(role__in=[r.value for r in WEBSITE_ROLES], website__isnull=False, region__isnull=True)
                    | Q(role=Role.SUPERVISOR, website__isnull=True, region__isnull=False)
                    | Q(role__in=[r.value for r in SYSTEM_ROLES], website__isnull=True, region__isnull=True)
                ),
            ),
            models.UniqueConstraint(fields=["user", "role", "website", "region"], name="unique_role"),
        ]

    def __str__(self) -> str:
        scope = self.website or self.region or "全系统"
        return f"{self.user} · {self.get_role_display()} · {scope}"
