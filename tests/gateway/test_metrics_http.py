"""`GET /metrics` over HTTPS (issue 17): the Prometheus text format on the gateway's own port, counters that
move as logins happen over HTTP, request latency labelled by route template and method (never a raw path:
a device id or a transaction id stays out), and no /metrics at all when turned off.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.gateway.conftest import Storage
from tests.gateway.http_support import (
    PASSWORD,
    Client,
    dsc_response,
    log_in_to_second_factor,
    password,
    respond,
    running_gateway,
)
from tests.gateway.process_support import Endpoint, pinned_session
from tests.gateway.test_metrics import assert_labels_closed_and_clean
from trader_login.auth.gateway.http_guard import MAX_BODY_BYTES
from trader_login.auth.gateway.metrics import LATENCY_BUCKETS, UNMATCHED
from trader_login.auth.gateway.server import GatewayServer

P = "sls_gateway_"


@pytest.fixture
def client(live_storage: Storage) -> Iterator[Client]:
    with running_gateway(live_storage.data_dir, db_url=live_storage.db_url) as running:
        yield running


def scrape(client: Client) -> tuple[str, dict[tuple[str, tuple[tuple[str, str], ...]], float]]:
    reply = client.get("/metrics")
    assert reply.status_code == 200, reply.text
    assert reply.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(reply.text)
        for sample in family.samples
    }
    return reply.text, samples


def sample(samples: dict, name: str, **labels: str) -> float:
    return samples.get((P + name, tuple(sorted(labels.items()))), 0.0)


def test_a_login_over_https_moves_the_counters_in_the_scrape(client: Client) -> None:
    _, before = scrape(client)
    _, refused = password(client, "dscuser", "wrong-password")
    assert refused.status_code == 401
    login = log_in_to_second_factor(client, "dscuser")
    challenge = login.reply["challenge"]["challenge"]
    opened = respond(client, login.token, dsc_response(client.device("dscuser", "dscplus"), challenge))
    assert opened.status_code == 200, opened.text
    text, after = scrape(client)
    assert (
        sample(after, "logins_started_total", mode="live")
        - sample(before, "logins_started_total", mode="live")
        == 2
    )
    assert sample(after, "logins_refused_total", reason="password") == 1
    assert sample(after, "logins_succeeded_total", device_kind="dscplus", mode="live") == 1
    # The proofs and the response, each timed under its route's template.
    assert (
        sample(after, "http_request_duration_seconds_count", endpoint="/v1/login/proof", method="POST") == 2
    )
    assert sample(after, "http_responses_total", endpoint="/v1/login/proof", method="POST", status="401") == 1
    assert (
        sample(after, "http_responses_total", endpoint="/v1/login/respond", method="POST", status="200") == 1
    )
    assert_labels_closed_and_clean(
        text,
        [PASSWORD, "dscuser", "127.0.0.1", login.token, opened.json()["session_token"]],
        route_labels(client),
    )


def route_labels(client: Client) -> dict[str, set[str]]:
    """The closed set of the `endpoint` label: the app's route templates, and "unmatched"."""
    app = client.server._server.api
    return {"endpoint": {route.path for route in app.routes} | {UNMATCHED}}


def test_latency_is_labelled_by_route_template_never_by_raw_path(client: Client) -> None:
    device_path = "/v1/devices/IBK-SECRET-SERIAL-42/pushes"
    assert client.get(device_path).status_code == 401  # unsigned: refused, but routed and timed
    assert client.get("/v1/no/such/thing-SECRET-PATH").status_code == 404
    # Refused by the guard before routing (too large): matched to its route all the same.
    too_large = client.post(
        "/v1/login/start",
        data=b"{" + b" " * MAX_BODY_BYTES + b"}",
        headers={"Content-Type": "application/json"},
    )
    assert too_large.status_code == 413
    text, samples = scrape(client)
    assert "SECRET" not in text
    assert (
        sample(
            samples,
            "http_responses_total",
            endpoint="/v1/devices/{device_id}/pushes",
            method="GET",
            status="401",
        )
        == 1
    )
    assert sample(samples, "http_responses_total", endpoint=UNMATCHED, method="GET", status="404") == 1
    assert (
        sample(samples, "http_responses_total", endpoint="/v1/login/start", method="POST", status="413") == 1
    )
    buckets = {
        float(dict(labels)["le"])
        for (name, labels) in samples
        if name == P + "http_request_duration_seconds_bucket"
    }
    assert buckets == {*LATENCY_BUCKETS, float("inf")}
    assert_labels_closed_and_clean(text, ["IBK-SECRET-SERIAL-42"], route_labels(client))


def test_the_scrape_carries_the_process_metrics(client: Client) -> None:
    _, samples = scrape(client)
    names = {name for name, _ in samples}
    assert {"process_cpu_seconds_total", "process_resident_memory_bytes", "python_info"} <= names
    assert sample(samples, "workers") == 1


def test_no_metrics_serves_no_metrics_and_times_nothing(live_storage: Storage) -> None:
    # What `serve --no-metrics` asks of the server (cli.py and workers.py pass the setting on).
    gateway = live_storage.gateway()
    running = GatewayServer(gateway, metrics=False)
    running.start()
    try:
        endpoint = Endpoint(running.url, pinned_session(running.cert_path))
        try:
            reply = endpoint.get("/metrics")
            assert reply.status_code == 404
            assert reply.json()["error"]["code"] == "NOT_FOUND"
            assert endpoint.get("/v1/ready").status_code == 200
        finally:
            endpoint.close()
        app = running._server.api
        assert all(middleware.cls.__name__ != "RequestTimer" for middleware in app.user_middleware)
    finally:
        running.stop()
        gateway.close()


def test_metrics_is_not_in_the_openapi_document(client: Client) -> None:
    # Not JSON, and not part of the protocol: the operator's, documented in docs/operations.md.
    assert "/metrics" not in client.get("/openapi.json").json()["paths"]


def test_openmetrics_is_served_when_the_scraper_asks_for_it(client: Client) -> None:
    reply = client.get("/metrics", headers={"Accept": "application/openmetrics-text; version=1.0.0"})
    assert reply.status_code == 200
    assert reply.headers["Content-Type"].startswith("application/openmetrics-text")
    assert reply.text.rstrip().endswith("# EOF")
