"""An SMTP server on a free local port that counts what it accepts, for tests that send
real mail from another process.

It holds each message for a moment after its data ends and before it answers: a sender
killed meanwhile never hears the server accept, so the message is not counted (a real
server drops a message whose sender vanished before the final reply). `holding` is set
while a message is held, and `next_hold` returns the moment one more hold begins, so a
test can strike at exactly that moment.
"""

import select
import socket
import socketserver
import threading
import time
from email import message_from_bytes


class SmtpSink:
    def __init__(self, hold_seconds: float = 0.5):
        self.hold_seconds = hold_seconds
        self.lock = threading.Lock()
        self.held = threading.Condition(self.lock)
        self.holds = 0
        # Message-ID -> the times it was accepted, and the times its sender vanished.
        self.accepted: dict[str, list[float]] = {}
        self.dropped: dict[str, list[float]] = {}
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                sink._converse(self.connection, self.rfile, self.wfile)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def next_hold(self, after: int, timeout: float) -> int:
        """Wait until more than `after` holds have begun; the number begun."""
        with self.held:
            if not self.held.wait_for(lambda: self.holds > after, timeout):
                raise AssertionError(f"no message held within {timeout} s")
            return self.holds

    def count(self) -> int:
        with self.lock:
            return len(self.accepted)

    def _converse(self, conn, rfile, wfile):
        def say(line: str):
            wfile.write(line.encode() + b"\r\n")
            wfile.flush()

        say("220 sink ESMTP")
        while line := rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                say("250 sink")
            elif verb in (b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                say("250 OK")
            elif verb == b"DATA":
                say("354 go on")
                data = b""
                while (chunk := rfile.readline()) != b".\r\n":
                    if not chunk:
                        # The sender vanished mid-message (the other of two sends in flight
                        # when a worker was killed): no message, as on a real server.
                        return
                    data += chunk
                self._hold(conn, data, say)
            elif verb == b"QUIT":
                say("221 bye")
                return
            else:
                say("502 not here")

    def _hold(self, conn, data: bytes, say):
        message_id = message_from_bytes(data).get("Message-ID", "").strip()
        with self.held:
            self.holds += 1
            self.held.notify_all()
        time.sleep(self.hold_seconds)  # the window the test kills the sender in
        if self._gone(conn):
            with self.lock:
                self.dropped.setdefault(message_id, []).append(time.monotonic())
            return
        with self.lock:
            self.accepted.setdefault(message_id, []).append(time.monotonic())
        say("250 accepted")

    @staticmethod
    def _gone(conn) -> bool:
        readable, _, _ = select.select([conn], [], [], 0)
        if not readable:
            return False
        try:
            return conn.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True
