"""The mixed scenario: students searching and applying, enterprises reviewing applicants,
bureau staff reviewing claims, all at once, each pausing between pages as people do.

Run by `bench/load_bench.py --mixed`, which writes what the visitors need (their session
ids, the pages, the positions) to the JSON file named by BENCH_MIXED. Anything but a 200
counts as an error, except for an application, where the portal answers with a redirect (to
the student's applications, or back to the position when they had applied already).
"""

import json
import os
import random
import secrets

from locust import FastHttpUser, between, task

with open(os.environ["BENCH_MIXED"]) as plan_file:
    PLAN = json.load(plan_file)
BASE_HEADERS = {"X-Forwarded-Proto": "https", "Accept-Language": "zh-hans"}
KEYWORDS = ["数据", "软件", "市场", "设计", "财务", "运营"]


class Visitor(FastHttpUser):
    abstract = True
    wait_time = between(1, 4)
    role = ""

    def on_start(self):
        # The CSRF secret is the visitor's own: the cookie and the form field carry it.
        self.csrf = secrets.token_hex(16)
        session = random.choice(PLAN["sessions"][self.role])
        self.headers = {
            **BASE_HEADERS,
            "Cookie": f"sessionid={session}; csrftoken={self.csrf}",
        }

    def page(self, path, name):
        with self.client.get(
            path, name=name, headers=self.headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


class Student(Visitor):
    weight = 12
    role = "student"

    @task(4)
    def search(self):
        self.page(PLAN["search"], "student: search")

    @task(2)
    def search_keyword(self):
        self.page(f"{PLAN['search']}?q={random.choice(KEYWORDS)}", "student: search q=…")

    @task(1)
    def search_later_page(self):
        self.page(f"{PLAN['search']}?page={random.randint(2, 5)}", "student: search, page 2–5")

    @task(3)
    def detail(self):
        pk = random.choice(PLAN["positions"])
        self.page(PLAN["detail"].replace("/0/", f"/{pk}/"), "student: position detail")

    @task(1)
    def home(self):
        self.page(PLAN["student_home"], "student: home")

    @task(1)
    def apply(self):
        pk = random.choice(PLAN["positions"])
        with self.client.post(
            PLAN["apply"].replace("/0/", f"/{pk}/"),
            data={"csrfmiddlewaretoken": self.csrf, "cover_letter": "我对这个岗位很感兴趣。"},
            name="student: apply",
            headers={**self.headers, "Origin": PLAN["origin"], "Referer": PLAN["origin"] + "/"},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code not in (200, 302):
                response.failure(f"HTTP {response.status_code}")


class Enterprise(Visitor):
    weight = 5
    role = "rep"

    @task(3)
    def applicants(self):
        self.page(PLAN["applicants"], "enterprise: applicants")

    @task(1)
    def applicants_later_page(self):
        page = random.randint(2, 20)
        self.page(f"{PLAN['applicants']}?page={page}", "enterprise: applicants, page 2–20")

    @task(1)
    def positions(self):
        self.page(PLAN["applicant_positions"], "enterprise: positions")


class Bureau(Visitor):
    weight = 3
    role = "bureau"

    @task(3)
    def claims(self):
        self.page(PLAN["claims"], "bureau: claim queue")

    @task(1)
    def center_home(self):
        self.page(PLAN["center_home"], "bureau: center home")
