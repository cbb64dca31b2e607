"""The IB Key phone's link to the gateway (docs/protocol.md §5): its pending notifications and its signed
decisions, over the same pinned HTTPS as the desktop client, every request signed with the device key.

    link = PhoneLink(url, fingerprint=fingerprint)
    for push in link.pending_pushes(app):
        link.decide(app, push, "approve", number=picked)  # number matching: one of push.numbers
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import re
import threading
from collections.abc import Iterator
from typing import Any, NamedTuple

from trader_login.auth.client.errors import ClientError, ProtocolError
from trader_login.auth.client.transport import GatewayClient
from trader_login.auth.devices.ibkey import IbKeyApp, PushRequest, is_push_number

__all__ = ["ClientError", "PhoneLink", "PushAnswer"]

# Transaction ids go into a URL path: a server's id that is not this shape could point the request elsewhere.
_TRANSACTION_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")
_MAX_PUSHES = 100


class PushAnswer(NamedTuple):
    """The gateway's answer to a decision: "approved" or "denied", and why a denial ("wrong_number": the
    number picked was not the login's; "reported": "This wasn't me"; None for a plain denial)."""

    status: str
    reason: str | None = None


class _SignedClient(GatewayClient):
    """The desktop client's session, pinning and error mapping, with the device headers added to each
    request: they sign the exact method, path and body bytes that `GatewayClient.call` sends."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Per thread: the phone tab polls on one worker while another may send a decision.
        self._signing = threading.local()

    @contextlib.contextmanager
    def signed_by(self, app: IbKeyApp) -> Iterator[None]:
        self._signing.app = app
        try:
            yield
        finally:
            self._signing.app = None

    def _exchange(
        self, method: str, path: str, data: bytes | None, headers: dict[str, str], wait: float
    ) -> Any:
        app: IbKeyApp | None = getattr(self._signing, "app", None)
        if app is not None:
            headers = {**headers, **app.sign_request(method, path, data or b"")}
        return super()._exchange(method, path, data, headers, wait)

    def protocol_error(self, why: str) -> ProtocolError:
        return self._protocol(why)


class PhoneLink:
    """What the phone says to one gateway. Every method returns or raises a `ClientError` (typed as for the
    desktop client: unreachable, timeout, certificate, refusal with the gateway's code, protocol)."""

    def __init__(
        self,
        url: str,
        *,
        fingerprint: str | None = None,
        ca_cert: str | os.PathLike[str] | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 10.0,
    ) -> None:
        self._client = _SignedClient(
            url,
            fingerprint=fingerprint,
            ca_cert=ca_cert,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
        )

    @property
    def url(self) -> str:
        return self._client.url

    def __repr__(self) -> str:
        return f"PhoneLink(url={self._client.url!r}, pinning={self._client.pinning!r})"

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PhoneLink:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def pending_pushes(self, app: IbKeyApp) -> list[PushRequest]:
        """The notifications waiting for this phone, oldest first."""
        with self._client.signed_by(app):
            reply = self._client.call("GET", f"/v1/devices/{app.device_id}/pushes")
        pushes = reply.get("pushes")
        if not isinstance(pushes, list) or len(pushes) > _MAX_PUSHES:
            raise self._client.protocol_error("a push list that is not a list")
        return sorted((self._push_of(item) for item in pushes), key=lambda push: push.created_at)

    def decide(
        self, app: IbKeyApp, request: PushRequest, decision: bool | str, number: int | None = None
    ) -> str:
        """Answers one notification: `decision` "approve" (or True), "deny" (or False) or "report" ("This
        wasn't me": a denial reported as fraud). With number matching an approval names the number the
        trader picked (`number`, one of `request.numbers`); `IbKeyApp.approve` refuses one without
        (ValueError, nothing sent). Returns the gateway's new status ("approved"/"denied"): a wrong number
        is denied, as a report is."""
        return self.answer(app, request, decision, number).status

    def answer(
        self, app: IbKeyApp, request: PushRequest, decision: bool | str, number: int | None = None
    ) -> PushAnswer:
        """`decide`, with the gateway's reason for a denial ("wrong_number", "reported"; None otherwise)."""
        if not _TRANSACTION_ID.fullmatch(request.transaction_id):
            raise self._client.protocol_error("a transaction id that cannot go into a URL")
        if decision is True or decision == "approve":
            signed = app.approve(request, number=number)
        elif decision is False or decision == "deny":
            signed = app.deny(request)
        elif decision == "report":
            signed = app.report(request)
        else:
            raise ValueError("a decision is 'approve', 'deny' or 'report'")
        body: dict[str, Any] = {
            "decision": signed.decision,
            "signature": base64.b64encode(signed.signature).decode("ascii"),
        }
        if signed.number is not None:
            body["number"] = signed.number
        path = f"/v1/devices/{app.device_id}/pushes/{request.transaction_id}"
        with self._client.signed_by(app):
            reply = self._client.call("POST", path, body=body)
        status = reply.get("status")
        if status not in ("approved", "denied"):
            raise self._client.protocol_error("a decision reply without its status")
        reason = reply.get("reason")
        if reason is not None and not isinstance(reason, str):
            raise self._client.protocol_error("a decision reply with a reason that is not text")
        return PushAnswer(status, reason)

    def _push_of(self, item: Any) -> PushRequest:
        try:
            if not isinstance(item, dict):
                raise TypeError
            transaction_id = item["transaction_id"]
            if not isinstance(transaction_id, str) or not _TRANSACTION_ID.fullmatch(transaction_id):
                raise ValueError
            nonce = base64.b64decode(item["nonce"], validate=True)
            created_at = item["created_at"]
            if isinstance(created_at, float) and created_at.is_integer():
                created_at = int(created_at)
            numbers = item.get("numbers")
            if numbers is None:
                numbers = []
            if not isinstance(numbers, list) or not all(is_push_number(each) for each in numbers):
                raise ValueError
            return PushRequest(
                transaction_id,
                item["username"],
                nonce,
                created_at,
                item.get("summary", ""),
                numbers=tuple(numbers),  # () or 3 distinct two-digit numbers, else PushRequest refuses
            )
        except (KeyError, TypeError, ValueError, binascii.Error):
            raise self._client.protocol_error("a notification without its fields") from None
