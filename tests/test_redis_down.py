"""Redis down: state changes still answer at once and the pages work uncached; once Redis is
back, the outbox relay delivers every email that was written meanwhile, each exactly once."""

import shutil
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest
import redis
from django.conf import settings as project_settings
from django.core import mail
from django.core.cache import caches
from django.urls import reverse
from django_scopes import scopes_disabled

from mentorship import cache as cache_module
from mentorship.cache import DegradingRedisCache
from mentorship.celery import app as celery_app
from mentorship.jobs import enqueue
from mentorship.models import OutgoingEmail, Role
from mentorship.settings import redis_cache
from mentorship.tasks import deliver_email_task, sweep_outgoing_email_task
from students.models import Application
from tests.conftest import require_or_skip
from tests.factories import PASSWORD
from tests.students.factories import (
    EnterpriseFactory,
    PositionFactory,
    StudentProfileFactory,
    TrainingBaseFactory,
    representative_of,
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A Redis of this test alone, on a free port, that the test stops and starts again."""

    def __init__(self, folder):
        self.port = free_port()
        self.folder = folder
        self.process = None
        self.url = f"redis://127.0.0.1:{self.port}/7"

    def start(self):
        options = {"port": self.port, "bind": "127.0.0.1", "save": "", "appendonly": "no"}
        arguments = [part for name, value in options.items() for part in (f"--{name}", value)]
        self.process = subprocess.Popen(
            ["redis-server", *map(str, arguments), "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise
                time.sleep(0.05)  # polling a starting process, not synchronizing threads

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@contextmanager
def attempts_to_connect(port: int):
    """The attempts made to connect to `port` while inside: a client that retries with
    pauses until a timeout shows as many attempts."""
    attempts = []
    connect = socket.socket.connect

    def counted(sock, address):
        if isinstance(address, tuple) and address[1] == port:
            attempts.append(address)
        return connect(sock, address)

    socket.socket.connect = counted
    try:
        yield attempts
    finally:
        socket.socket.connect = connect


@pytest.fixture
def redis_server(tmp_path):
    require_or_skip(bool(shutil.which("redis-server")), "redis-server")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def _forget_connections():
    """Drop the broker and result connections the app made to the previous Redis."""
    celery_app._pool = None
    celery_app.__dict__.get("amqp") and setattr(celery_app.amqp, "_producer_pool", None)
    celery_app._backend_cache = None
    celery_app._local.__dict__.pop("backend", None)


@contextmanager
def portal_on(server, settings):
    """The portal as production runs it on this Redis: broker, results and cache."""
    conf = celery_app.conf
    kept = {key: conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    conf.update(broker_url=server.url, result_backend=server.url, task_always_eager=False)
    settings.CACHES = {"default": redis_cache(server.url)}
    _forget_connections()
    try:
        yield
    finally:
        conf.update(kept)
        _forget_connections()


@pytest.fixture
def shop(center, member_factory, tmp_path, settings):
    """An open position whose enterprise has a representative, and twenty students."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with scopes_disabled():
        enterprise = EnterpriseFactory(name_en="Alpha Tech", name_zh="阿尔法科技")
        rep = representative_of(enterprise, center)
        base = TrainingBaseFactory(center=center, enterprise=enterprise)
        position = PositionFactory(base=base, openings=2)
        students = [StudentProfileFactory(center=center).user for _ in range(20)]
    return position, rep, students


@pytest.mark.django_db(transaction=True)
def test_twenty_applications_answer_while_redis_is_down_and_are_emailed_once_it_is_back(
    postgres, redis_server, shop, center, client, settings, monkeypatch
):
    from celery.contrib.testing.worker import start_worker

    # The cache stays left alone for the whole run, however slow the machine (when it is
    # tried again is tested below on a clock the test drives), and only in this test.
    monkeypatch.setattr(DegradingRedisCache, "retry_after", 3600.0)
    monkeypatch.setattr(cache_module, "_down_until", {})

    position, rep, students = shop
    url = reverse(
        "center:students:application_submit",
        kwargs={"center_slug": center.slug, "pk": position.pk},
    )
    with portal_on(redis_server, settings):
        redis_server.stop()
        times = []
        tries = []
        for student in students:
            client.force_login(student)
            started = time.monotonic()
            with attempts_to_connect(redis_server.port) as attempts:
                response = client.post(url, {"cover_letter": "您好"})
            times.append(time.monotonic() - started)
            tries.append(len(attempts))
            assert response.status_code == 302
        with scopes_disabled():
            assert Application.objects.filter(position=position).count() == 20
        emails = OutgoingEmail.objects.filter(to=rep.email)
        assert list(emails.values_list("status", flat=True).distinct()) == ["pending"]
        assert emails.count() == 20
        # Answering at once is trying Redis once and giving up, never a client retrying
        # until a timeout: the cache is left alone after it failed (when the test signed the
        # first student in), so each request makes only the broker's hand-over attempts.
        assert len(set(tries)) == 1 and tries[0] <= 2, tries
        assert mail.outbox == []

        redis_server.start()
        settings.OUTBOX_RELAY_AFTER_SECONDS = 0
        with start_worker(
            celery_app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=30
        ):
            relayed = sweep_outgoing_email_task()
            # A second relay run and a stray copy of every message: still one email each.
            again = sweep_outgoing_email_task()
            ids = list(emails.values_list("pk", flat=True))
            for email_id in ids:
                enqueue(deliver_email_task, args=[email_id])
            # The solo worker takes messages in order: this one returns after all the others.
            deliver_email_task.apply_async(args=[ids[-1]]).get(timeout=60)
    assert (relayed, again) == (20, 0)
    assert len(mail.outbox) == 20
    assert {tuple(message.to) for message in mail.outbox} == {(rep.email,)}
    assert len({message.message()["Message-ID"] for message in mail.outbox}) == 20
    assert list(emails.values_list("status", "attempts").distinct()) == [("sent", 1)]
    print(
        f"\n20 applications with Redis down: slowest {max(times):.3f}s, "
        f"mean {sum(times) / len(times):.3f}s, {tries[0]} attempts to connect each; "
        f"20 emails relayed, {len(mail.outbox)} sent"
    )


# The cache pointing at a port where nothing listens: pages answer, uncached.


@pytest.fixture
def cache_down(settings, monkeypatch):
    """The cache's port; the moment since which it is left alone is this test's own."""
    monkeypatch.setattr(cache_module, "_down_until", {})
    port = free_port()
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{port}/7")}
    return port


def test_an_unreachable_cache_is_tried_once_then_left_alone_for_a_moment(cache_down, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(cache_module, "monotonic", lambda: clock[0])
    cache = caches["default"]
    with attempts_to_connect(cache_down) as attempts:
        assert cache.get("facets") is None
        assert cache.get_many(["menu", "figures"]) == {}
        cache.set("facets", [1, 2])
        assert cache.add("sign-in-lock", 1) is True
        assert cache.incr("sign-ins") == 1
    assert len(attempts) == 1

    clock[0] += DegradingRedisCache.retry_after - 0.1
    with attempts_to_connect(cache_down) as attempts:
        assert cache.get("facets") is None
    assert attempts == []

    clock[0] += 0.2
    with attempts_to_connect(cache_down) as attempts:
        assert cache.get("facets") is None
    assert len(attempts) == 1


def test_position_search_answers_while_the_cache_is_down(cache_down, shop, center, client):
    position, _rep, students = shop
    client.force_login(students[0])
    search = reverse("center:students:position_search", kwargs={"center_slug": center.slug})
    response = client.get(search, {"q": "数据"})
    assert response.status_code == 200
    assert [p.pk for p in response.context["page"].object_list] == [position.pk]
    assert position.title in response.content.decode()


def test_console_figures_answer_while_the_cache_is_down(cache_down, center, member_factory, client):
    coordinator = member_factory(center, Role.COORDINATOR)
    member_factory(center, Role.MENTOR)
    client.force_login(coordinator)
    response = client.get(reverse("center:console", kwargs={"center_slug": center.slug}))
    assert response.status_code == 200
    assert "Alpha Center" in response.content.decode()


def test_sign_in_works_while_the_cache_is_down(cache_down, center, member_factory, client):
    coordinator = member_factory(center, Role.COORDINATOR)
    response = client.post(
        reverse("account_login"), {"login": coordinator.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("center:console", kwargs={"center_slug": center.slug})


def test_redis_timeouts_are_short(settings):
    options = redis_cache("redis://127.0.0.1:1/7")["OPTIONS"]
    assert options["socket_connect_timeout"] <= 1
    assert project_settings.CELERY_BROKER_TRANSPORT_OPTIONS["socket_connect_timeout"] <= 1
