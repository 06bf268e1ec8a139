"""The bureau's annual review of its bases, clicked through in Chromium: Hangzhou's bureau
finds NetEase listed (over a year without an intern), warns it with a reason in English,
then switches to Chinese and keeps SUPCON from the list of all bases; NetEase's
representative is told and finds the warning with its reason in the base's history."""

import pytest
from django.test import Client

from bases.models import BaseReview
from mentorship.models import Notification, NotificationKind, User
from tests.browser_support import nav_to, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("unscoped")]


def card(page, name):
    return page.locator("article.review-base").filter(has_text=name)


def test_bureau_warns_and_keeps_bases_in_the_annual_review(page, shot, demo):
    sign_in(page, "bureau.hangzhou@demo.example")
    page.goto("/c/hangzhou/")
    nav_to(page, "Reviews", "Annual review of bases")
    page.get_by_role("heading", name="Annual review of bases").wait_for()
    netease = card(page, "NetEase")
    assert "Interns in the last year" in netease.inner_text()
    assert "no intern" in netease.inner_text()
    assert card(page, "Alibaba").count() == 0
    shot("bases to review")

    # A decision without a reason is refused beside the field.
    netease.get_by_label("Warn").check()
    netease.get_by_role("button", name="Record the decision").click()
    card(page, "NetEase").locator(".field-error").wait_for()
    assert "Write the reason" in card(page, "NetEase").inner_text()
    shot("reason missing")

    netease = card(page, "NetEase")
    netease.get_by_label("Warn").check()
    netease.get_by_label("Reason").fill("No intern for over a year; post positions this term.")
    netease.get_by_role("button", name="Record the decision").click()
    page.get_by_text("The warning is recorded").wait_for()
    assert "No intern for over a year" in card(page, "NetEase").inner_text()
    shot("netease warned")

    # In Chinese, from the list of every recognized base.
    page.get_by_role("button", name="中文").click()
    page.get_by_role("heading", name="年度基地复核").wait_for()
    page.get_by_role("link", name="全部已认定基地").click()
    supcon = card(page, "浙江中控")
    supcon.get_by_label("保留").check()
    supcon.get_by_label("原因").fill("实习生评价良好，继续保留。")
    supcon.get_by_role("button", name="记录决定").click()
    page.get_by_text("该基地保留认定").wait_for()
    assert "实习生评价良好" in card(page, "浙江中控").inner_text()
    shot("supcon kept, Chinese")
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Annual review of bases").wait_for()
    sign_out(page)

    decisions = dict(BaseReview.objects.values_list("base__enterprise__name_en", "decision"))
    assert decisions == {
        "NetEase (Hangzhou) Network Co., Ltd.": "warn",
        "SUPCON Technology Co., Ltd.": "keep",
    }

    # NetEase's representative hears of it and reads the reason on the base's page.
    netease = BaseReview.objects.get(decision="warn").base
    representative = User.objects.get(email="hr.netease@demo.example")
    assert Notification.objects.filter(
        user=representative, kind=NotificationKind.BASE_STANDING
    ).exists()
    client = Client()
    client.force_login(representative)
    body = client.get(f"/c/hangzhou/bases/{netease.pk}/").content.decode()
    assert "Annual review: warned" in body or "年度复核：警示" in body
    assert "No intern for over a year" in body
