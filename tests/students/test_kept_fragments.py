"""The search's and the position page's kept fragments: drawn once for everyone alike, never
carrying one visitor's data (a CSRF token, an application) to another, drawn anew when
what they show changes, and whole pages that still parse."""

import re
from html.parser import HTMLParser

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from students.models import SavedSearch
from students.position_cards import CSRF_PLACEHOLDER
from tests.students.factories import ApplicationFactory, PositionFactory, StudentProfileFactory

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def u(center, name, **kwargs):
    return reverse(f"center:students:{name}", kwargs={"center_slug": center.slug, **kwargs})


class _Forms(HTMLParser):
    """Counts forms, and fails on a form opened inside another or closed when none is open."""

    VOID = {"input", "br", "img", "meta", "link", "hr", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.open_forms = 0
        self.forms = 0
        self.stack = []

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            assert self.open_forms == 0, "a form inside a form"
            self.open_forms += 1
            self.forms += 1
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "form":
            assert self.open_forms == 1, "a form closed that was not open"
            self.open_forms -= 1
        if tag in self.VOID:
            return
        assert tag in self.stack, f"</{tag}> without its start"
        while self.stack.pop() != tag:
            pass


def forms_of(html: str) -> int:
    parser = _Forms()
    parser.feed(html)
    parser.close()
    assert parser.open_forms == 0
    assert parser.stack == [], parser.stack
    return parser.forms


def test_each_student_gets_a_token_of_their_own_in_the_kept_save_form(world, member_factory):
    other = StudentProfileFactory(center=world.center).user
    url = u(world.center, "position_search")
    tokens = []
    for user, name in ((world.student, "一号"), (other, "二号")):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        page = client.get(url, {"q": "数据"}).content.decode()
        token = TOKEN.search(page).group(1)
        tokens.append(token)
        assert CSRF_PLACEHOLDER not in page
        response = client.post(
            u(world.center, "saved_search_save"),
            {"csrfmiddlewaretoken": token, "q": "数据", "name": name, "alert": "daily"},
        )
        assert response.status_code == 302
    assert tokens[0] != tokens[1]
    assert set(SavedSearch.objects.values_list("name", flat=True)) == {"一号", "二号"}


def test_the_kept_forms_hold_no_token(client, world):
    client.force_login(world.student)
    page = client.get(u(world.center, "position_search")).content.decode()
    token = TOKEN.search(page).group(1).encode()
    if isinstance(cache._cache, dict):  # the local-memory cache of a run without Redis
        kept = [value for key, value in cache._cache.items() if "search-forms" in key]
    else:
        redis = cache._cache.get_client()
        kept = [redis.get(key) for key in redis.keys("*search-forms*")]
    assert kept and all(CSRF_PLACEHOLDER.encode() in value for value in kept)
    assert not any(token in value for value in kept)


def test_a_visitor_after_a_student_sees_no_save_form(client, world):
    url = u(world.center, "position_search")
    client.force_login(world.student)
    assert "Save the search" in client.get(url).content.decode()
    assert "Save the search" not in Client().get(url).content.decode()
    client.force_login(world.rep)
    assert "Save the search" not in client.get(url).content.decode()


def test_a_refused_save_shows_its_errors_but_the_next_page_a_fresh_form(client, world):
    client.force_login(world.student)
    url = u(world.center, "position_search")
    client.get(url, {"q": "数据"})
    refused = client.post(
        u(world.center, "saved_search_save"), {"q": "数据", "name": "", "alert": "daily"}
    ).content.decode()
    assert 'class="save-search" open' in refused and 'id="id_name_error"' in refused
    again = client.get(url, {"q": "数据"}).content.decode()
    assert 'class="save-search" open' not in again and 'id="id_name_error"' not in again


def test_the_search_and_position_pages_parse_with_their_forms_closed(client, world):
    client.force_login(world.student)
    for _ in range(2):  # drawn, then kept
        search = client.get(u(world.center, "position_search"), {"q": world.position.title})
        assert forms_of(search.content.decode()) == 3  # filters, saved search, language
        detail = client.get(u(world.center, "position_detail", pk=world.position.pk))
        assert forms_of(detail.content.decode()) == 2  # the application, language
        assert 'name="cover_letter"' in detail.content.decode()


def test_a_warm_search_reads_only_ids_and_last_changes(client, world):
    for _ in range(3):
        PositionFactory(base=world.base)
    url = u(world.center, "position_search")
    client.get(url)
    with CaptureQueriesContext(connection) as warm:
        body = client.get(url).content.decode()
    assert world.position.title in body
    assert len(warm.captured_queries) == 1
    assert '"description"' not in warm.captured_queries[0]["sql"]


def test_a_position_changed_between_pages_is_read_in_full_and_shown(client, world):
    url = u(world.center, "position_search")
    client.get(url)
    world.position.title = "区块链实习生"
    world.position.save()
    with CaptureQueriesContext(connection) as changed:
        body = client.get(url).content.decode()
    assert "区块链实习生" in body
    assert any('"description"' in q["sql"] for q in changed.captured_queries)


def test_one_students_application_never_shows_on_anothers_kept_page(client, world):
    ApplicationFactory(position=world.position, student=world.profile)
    detail = u(world.center, "position_detail", pk=world.position.pk)
    client.force_login(world.student)
    assert "Your application" in client.get(detail).content.decode()
    other = StudentProfileFactory(center=world.center)
    client.force_login(other.user)
    page = client.get(detail).content.decode()
    assert "Your application" not in page and 'name="cover_letter"' in page


def test_the_position_page_shows_an_edit_closing_and_language_at_once(client, world):
    client.force_login(world.student)
    url = u(world.center, "position_detail", pk=world.position.pk)
    assert 'name="cover_letter"' in client.get(url).content.decode()
    world.position.description = "新的职位描述"
    world.position.save()
    assert "新的职位描述" in client.get(url).content.decode()
    world.position.status = world.position.Status.CLOSED
    world.position.save()
    closed = client.get(url).content.decode()
    assert "This position no longer takes applications." in closed
    assert 'name="cover_letter"' not in closed and "badge-warning" in closed
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "月实习补贴" in chinese and "Monthly stipend" not in chinese
    assert "Monthly stipend" in client.get(url).content.decode()


def test_a_refused_application_shows_what_was_typed_and_the_next_page_an_empty_form(client, world):
    client.force_login(world.student)
    url = u(world.center, "position_detail", pk=world.position.pk)
    client.get(url)
    refused = client.post(
        u(world.center, "application_submit", pk=world.position.pk),
        {"cover_letter": "x" * 3001},
    ).content.decode()
    assert "x" * 200 in refused
    assert "x" * 200 not in client.get(url).content.decode()


def test_a_warm_position_page_reads_only_what_it_shows_beside_its_kept_article(client, world):
    client.force_login(world.student)
    url = u(world.center, "position_detail", pk=world.position.pk)
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    assert any('"description"' in q["sql"] for q in cold.captured_queries)
    with CaptureQueriesContext(connection) as warm:
        body = client.get(url).content.decode()
    assert world.position.title in body and 'name="cover_letter"' in body
    assert not any(
        '"description"' in q["sql"] or "bases_enterprise" in q["sql"] for q in warm.captured_queries
    )
