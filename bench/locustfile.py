"""One page under load: every simulated client asks for BENCH_PATH again as soon as it is served.

Run by bench/load_bench.py (one headless Locust run per page and round); the signed-in
session, if any, comes as BENCH_SESSION. Anything but a 200 (a redirect included, which is
how a lost session or a missing permission shows) counts as an error.
"""

import os

from locust import FastHttpUser, constant, task

PATH = os.environ["BENCH_PATH"]
NAME = os.environ.get("BENCH_NAME", PATH)
HEADERS = {
    # The TLS-terminating proxy production sits behind says the request came over https.
    "X-Forwarded-Proto": "https",
    "Accept-Language": "zh-hans",
}
if os.environ.get("BENCH_SESSION"):
    HEADERS["Cookie"] = f"sessionid={os.environ['BENCH_SESSION']}"


class PageUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def page(self):
        with self.client.get(
            PATH, name=NAME, headers=HEADERS, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
