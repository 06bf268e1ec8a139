"""Mail backends for tests: one that fails the first N sends, as a flaky SMTP server does."""

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

failures_left = {"count": 0}


class FlakyBackend(LocmemBackend):
    def send_messages(self, messages):
        if failures_left["count"] > 0:
            failures_left["count"] -= 1
            raise ConnectionError("SMTP server not answering")
        return super().send_messages(messages)
