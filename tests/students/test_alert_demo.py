"""The demo students' saved searches: saved through the service (audited), listed on their
page with their alerts, and not added twice when the demo loads again."""

from django.urls import reverse

from mentorship.models import AuditEntry, User
from mentorship.scoping import system_scope
from students.demo import seed_saved_searches
from students.models import SavedSearch


def test_demo_student_keeps_saved_searches_with_alerts(db, demo, client):
    with system_scope():
        user = User.objects.get(email="student.hangzhou@demo.example")
        assert SavedSearch.objects.filter(user=user).count() == 2
        assert AuditEntry.objects.filter(verb="saved_search.created", actor=user).count() == 2
        seed_saved_searches()
        assert SavedSearch.objects.filter(user=user).count() == 2
    client.force_login(user)
    page = client.get(
        reverse("center:students:saved_searches", kwargs={"center_slug": "hangzhou"})
    ).content.decode()
    assert "杭州数据分析" in page
    assert "Daily digest" in page
    assert "Weekly digest" in page
