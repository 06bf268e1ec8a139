"""Enterprises of the program (shared reference data) and, later, their training bases."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bases.validators import validate_credit_code


class Enterprise(models.Model):
    """An enterprise's public identity, shared by all centers on purpose (not center-owned):
    the same company may become a training base in several cities."""

    class Size(models.TextChoices):
        MICRO = "micro", _("Micro (under 10 staff)")
        SMALL = "small", _("Small (10–99 staff)")
        MEDIUM = "medium", _("Medium (100–999 staff)")
        LARGE = "large", _("Large (1,000 staff or more)")

    name_zh = models.CharField(_("name (Chinese)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    industry = models.CharField(_("industry"), max_length=80)
    size = models.CharField(_("size"), max_length=8, choices=Size.choices)
    address = models.CharField(_("address"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=60)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="enterprises", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["pk"]

    def __str__(self):
        if (get_language() or "").startswith("zh") or not self.name_en:
            return self.name_zh
        return self.name_en
