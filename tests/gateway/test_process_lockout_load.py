"""R3 under load over HTTPS: 8 clients × 25 complete wrong-password logins at once against one user name
lock it exactly once, on exactly the 10th failure, and every attempt is counted.

The server is a `GatewayServer` in this process, not an `sls-gateway serve` child: `serve` always applies
the default rate limit (60 login requests a minute per address) and has no option or variable to lift it,
and 400 requests from 127.0.0.1 would meet RATE_LIMITED long before the lockout is exercised. The desk's
view afterwards is read by a separate `sls-gateway status` process.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter

import requests

from tests.gateway.conftest import Storage
from tests.gateway.http_support import error_of, running_gateway
from tests.gateway.process_support import Endpoint, failure_rows, pinned_session, wrong_password
from tests.gateway.test_cli import ROOT

THREADS = 8
ATTEMPTS = 25
USER = "dscuser"
DAY = 86400.0


def test_r3_lockout_is_exact_under_concurrent_wrong_passwords_over_https(live_storage: Storage):
    storage = live_storage
    with running_gateway(storage.data_dir, db_url=storage.db_url) as client:
        assert client.gateway.config.rate_limit is None  # the lockout alone decides every reply
        barrier = threading.Barrier(THREADS)
        replies: list[requests.Response] = []
        unexpected: list[BaseException] = []
        lock = threading.Lock()

        def attacker() -> None:
            endpoint = Endpoint(client.url, pinned_session(client.server.cert_path))
            try:
                barrier.wait(timeout=60)
                for _ in range(ATTEMPTS):
                    reply = wrong_password(endpoint, USER)
                    with lock:
                        replies.append(reply)
            except BaseException as error:  # a connection error, a refused start: reported below
                with lock:
                    unexpected.append(error)
            finally:
                endpoint.close()

        began = time.monotonic()
        threads = [threading.Thread(target=attacker, daemon=True) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(0.1, 90 - (time.monotonic() - began)))
        assert not any(thread.is_alive() for thread in threads), "the attackers did not finish within 90 s"
        assert unexpected == []
        assert len(replies) == THREADS * ATTEMPTS

        errors = [error_of(reply) for reply in replies]  # each a 4xx with a code and a message: no 5xx
        assert Counter(e["code"] for e in errors) == {
            "INVALID_CREDENTIALS": 9,
            "LOCKED": THREADS * ATTEMPTS - 9,
        }
        for reply, error in zip(replies, errors, strict=True):
            if error["code"] == "INVALID_CREDENTIALS":
                assert reply.status_code == 401
            else:
                assert reply.status_code == 423
                assert error["locked_until"] == client.clock.now + DAY

        # Every attempt left its row: no lost update between concurrent requests.
        assert failure_rows(storage, USER) == THREADS * ATTEMPTS
        status = client.gateway.desk.status(USER)
        assert status["failures"] == THREADS * ATTEMPTS
        assert status["locked_until"] == client.clock.now + DAY

        # The desk as another process sees it, while the server still runs on the database.
        shown = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "trader_login.auth.gateway", "status", USER, *storage.serve_args()],
            capture_output=True,
            text=True,
            cwd=ROOT,
            # The desk shows moments in the terminal's language and the machine's zone: English, UTC here.
            env={**os.environ, **storage.environment(), "LC_ALL": "C.UTF-8", "TZ": "UTC"},
            timeout=60,
            check=False,
        )
        assert shown.returncode == 0, shown.stderr
        assert re.search(rf"failures:\s+{THREADS * ATTEMPTS} in the last 24 hours", shown.stdout), (
            shown.stdout
        )
        assert re.search(
            r"locked until:\s+[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC\n", shown.stdout
        ), shown.stdout
