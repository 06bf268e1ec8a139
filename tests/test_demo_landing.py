"""Every demo account signs in and finds work waiting on the page it lands on."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from mentorship.management.commands.seed_demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

# Students to verify, and how many: at least one.
TO_VERIFY = re.compile(r'Students to verify</header><p class="figure">[1-9]')
# account -> (where it lands, text of the work waiting there)
WORK = {
    "program@demo.example": ("/program/", ["waiting for your decision", "浙江工商大学"]),
    "bureau.hangzhou@demo.example": ("/c/hangzhou/bases/review/", ["Dahua", "Youzan"]),
    "bureau2.hangzhou@demo.example": ("/c/hangzhou/bases/review/", ["Dahua"]),
    "coordinator.hangzhou@demo.example": ("/c/hangzhou/console/", [TO_VERIFY]),
    "coordinator.huangshan@demo.example": ("/c/huangshan/console/", [TO_VERIFY]),
    "hr.alibaba@demo.example": ("/c/hangzhou/enterprises/", ["Alibaba"]),
    "mentor.hangzhou@demo.example": ("/c/hangzhou/", ["Upcoming events"]),
    "student.hangzhou@demo.example": ("/c/hangzhou/student/applications/", ["Offered"]),
    "student.huangshan@demo.example": ("/c/huangshan/student/", ["Positions for you"]),
}


def test_each_demo_account_lands_where_work_waits(demo):
    missing = []
    for email, (path, waiting) in WORK.items():
        browser = Client(HTTP_ACCEPT_LANGUAGE="en")
        page = browser.post(
            reverse("account_login"), {"login": email, "password": DEMO_PASSWORD}, follow=True
        )
        landed = page.request["PATH_INFO"]
        text = page.content.decode()
        if not landed.startswith(path):
            missing.append((email, "landed on", landed))
        missing += [
            (email, "missing", str(words))
            for words in waiting
            if not (words.search(text) if isinstance(words, re.Pattern) else words in text)
        ]
    assert not missing
