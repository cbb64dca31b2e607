"""The HTTPS client of the SLS gateway (docs/protocol.md): one keep-alive session per gateway, its certificate
pinned or explicitly trusted, and every way a call can fail turned into one of `auth.client.errors`.

Nothing here logs or raises a request or reply body, a header or a token: texts come from fixed phrases,
the gateway's host and port, HTTP status numbers and the gateway's own refusal messages.
"""

from __future__ import annotations

import base64
import email.utils
import hashlib
import http.client
import json
import logging
import math
import os
import re
import ssl
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from requests.adapters import HTTPAdapter

from trader_login.auth import texts, vocabulary
from trader_login.auth.client.errors import (
    CertificateMismatch,
    ClientError,
    GatewayFault,
    GatewayRefusal,
    GatewayTimeout,
    GatewayUnreachable,
    ProtocolError,
)

log = logging.getLogger(__name__)

# Gateway replies are a few KiB; anything this large is not the gateway (or a fault), and reading it all
# into memory first would let a wrong server make the desktop app swap.
MAX_REPLY_BYTES = 1 << 20
_CHUNK = 64 * 1024
_FINGERPRINT = re.compile(r"[0-9a-f]{64}")
# RFC 6750 b64token: anything else could not travel in a header (and requests' complaint would quote it).
_BEARER = re.compile(r"[A-Za-z0-9\-._~+/]+=*")


def fingerprint_of(pem_or_der: bytes) -> str:
    """The SHA-256 fingerprint a client pins: 64 lower-case hex digits over the certificate's DER."""
    if pem_or_der.lstrip().startswith(b"-----BEGIN"):
        certificate = x509.load_pem_x509_certificate(pem_or_der)
    else:
        certificate = x509.load_der_x509_certificate(pem_or_der)
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def normalize_fingerprint(fingerprint: str) -> str:
    """`AB:CD:…` or `abcd…` as 64 lower-case hex digits; ValueError for anything that is not a SHA-256."""
    digits = re.sub(r"[:\s]", "", fingerprint).lower()
    if not _FINGERPRINT.fullmatch(digits):
        raise ValueError("the certificate fingerprint must be a SHA-256: 64 hex digits, colons allowed")
    return digits


class _PinnedAdapter(HTTPAdapter):
    """Accepts exactly one certificate, by the SHA-256 of its DER, instead of a CA chain.

    urllib3 checks `assert_fingerprint` right after the handshake, before the request is written. The
    session runs with `verify=False` so the self-signed certificate is not rejected by chain checks first;
    urllib3 still counts the connection as verified (no InsecureRequestWarning), and host names are moot
    because the exact certificate is pinned.
    """

    def __init__(self, fingerprint: str) -> None:
        self._fingerprint = fingerprint
        super().__init__(max_retries=0)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        pool_kwargs["assert_fingerprint"] = self._fingerprint
        # A context of our own: without one urllib3 loads the whole system trust store for every new
        # connection (some 50 ms), only for it to be ignored, since the pin is all that is checked.
        pool_kwargs["ssl_context"] = urllib3.util.create_urllib3_context(cert_reqs=ssl.CERT_NONE)
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)


class GatewayClient:
    """Talks to one SLS gateway. Every method either returns the reply's JSON object or raises a
    `ClientError`; base64 fields of replies are left as strings for the login flow to decode.

    Calls may come from worker threads (requests' connection pool is thread-safe), so a `cancel` can be
    sent while another thread waits in `wait_for_push`.
    """

    def __init__(
        self,
        url: str,
        *,
        fingerprint: str | None = None,
        ca_cert: str | os.PathLike[str] | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 15.0,
    ) -> None:
        if fingerprint is not None and ca_cert is not None:
            raise ValueError("pin the gateway by fingerprint or by CA certificate file, not both")
        self.url, self.host_port = _parse_url(url)
        self.connect_timeout = _positive("connect_timeout", connect_timeout)
        self.read_timeout = _positive("read_timeout", read_timeout)

        session = requests.Session()
        # REQUESTS_CA_BUNDLE would silently replace the pinned certificate, and proxy variables could send
        # loopback traffic elsewhere; ~/.netrc has no business here either.
        session.trust_env = False
        # Compressed replies buy nothing for a few KiB and let a wrong server send a decompression bomb.
        session.headers.clear()
        session.headers.update(
            {"User-Agent": "trader-login", "Accept": "application/json", "Accept-Encoding": "identity"}
        )
        adapter: HTTPAdapter
        if fingerprint is not None:
            self.pinning = "fingerprint"
            adapter = _PinnedAdapter(normalize_fingerprint(fingerprint))
            session.verify = False
        elif ca_cert is not None:
            self.pinning = "ca_cert"
            session.verify = _checked_ca_file(ca_cert)
            adapter = HTTPAdapter(max_retries=0)
        else:
            self.pinning = "system"
            session.verify = True  # certifi's bundle: trust_env is off, so this is requests' default
            adapter = HTTPAdapter(max_retries=0)
        # No http:// adapter at all: nothing can leave in clear text, whatever URL reaches the session.
        session.adapters.clear()
        session.mount("https://", adapter)
        self._session = session
        self._closed = False

    def __repr__(self) -> str:
        return f"GatewayClient(url={self.url!r}, pinning={self.pinning!r})"

    @property
    def origin(self) -> str:
        """The WebAuthn origin of this gateway (`https://host[:port]`, a loopback host as `localhost`): what
        a security key's client data names, so that a look-alike gateway cannot use a key's answer."""
        from trader_login.auth.client.security_keys import origin_of

        return origin_of(self.url)

    def close(self) -> None:
        """Closes the pooled connections; the client refuses calls from now on, so a worker that outlives
        the window (a long poll's next round, a late cancel) opens no new connection: a requests Session
        would quietly open a new pool for it, open until the garbage collector finds it."""
        self._closed = True
        self._session.close()

    def __enter__(self) -> GatewayClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- the protocol's calls ------------------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        return self.call("GET", "/v1/health")

    def start_login(
        self, username: str, mode: str, client_public: bytes, restart_grant: str | None = None
    ) -> dict[str, Any]:
        """`restart_grant`: the grant id of a restart without the second factor; the reply then carries a
        `restart_challenge` to sign."""
        body = {"username": username, "mode": mode, "client_public": _b64(client_public)}
        if restart_grant is not None:
            body["restart_grant"] = _grant_id(restart_grant)
        return self.call("POST", "/v1/login/start", body=body)

    def prove(
        self, token: str, client_proof: bytes, restart_signature: bytes | None = None
    ) -> dict[str, Any]:
        """`restart_signature`: the device key's signature over the restart payload (a restart login)."""
        body = {"client_proof": _b64(client_proof)}
        if restart_signature is not None:
            body["restart_signature"] = _b64(restart_signature)
        return self.call("POST", "/v1/login/proof", body=body, token=token)

    def choose_device(self, token: str, device_id: str) -> dict[str, Any]:
        return self.call("POST", "/v1/login/device", body={"device_id": device_id}, token=token)

    def wait_for_push(self, token: str, wait: float = 25) -> dict[str, Any]:
        """The long poll: the gateway holds the request up to `wait` seconds (0–30, whole seconds, rounded
        up), so the read timeout is that plus the usual one."""
        if not 0 <= wait <= vocabulary.PUSH_WAIT_MAX:
            raise ValueError(f"wait must be 0 to {vocabulary.PUSH_WAIT_MAX} seconds")
        seconds = math.ceil(wait)
        return self.call(
            "GET", f"/v1/login/push?wait={seconds}", token=token, read_timeout=seconds + self.read_timeout
        )

    def switch_to_challenge(self, token: str) -> dict[str, Any]:
        return self.call("POST", "/v1/login/ibkey/challenge", body={}, token=token)

    def resend_code(self, token: str, channel: str) -> dict[str, Any]:
        return self.call("POST", "/v1/login/code", body={"channel": channel}, token=token)

    def respond(self, token: str, response: str) -> dict[str, Any]:
        return self.call("POST", "/v1/login/respond", body={"response": response}, token=token)

    def respond_credential(
        self, token: str, credential: Mapping[str, Any], label: str | None = None
    ) -> dict[str, Any]:
        """A security key's answer (`POST /v1/login/passkey`): the WebAuthn JSON of its assertion or new
        credential, and for a registration the key's name (`label`, optional)."""
        body: dict[str, Any] = {"credential": dict(credential)}
        if label is not None:
            body["label"] = label
        return self.call("POST", "/v1/login/passkey", body=body, token=token)

    def read_only(self, token: str) -> dict[str, Any]:
        return self.call("POST", "/v1/login/read-only", body={}, token=token)

    def answer_existing_session(self, token: str, takeover: bool) -> dict[str, Any]:
        return self.call("POST", "/v1/login/existing-session", body={"takeover": bool(takeover)}, token=token)

    def cancel(self, token: str) -> dict[str, Any]:
        return self.call("DELETE", "/v1/login", token=token)

    def session_status(self, session_token: str) -> dict[str, Any]:
        return self.call("GET", "/v1/session", token=session_token)

    def logout(self, session_token: str, forget_device: bool = False) -> dict[str, Any]:
        """`forget_device`: the user name's restart grant for the session's mode ends too."""
        body = {"forget_device": True} if forget_device else None
        return self.call("POST", "/v1/session/logout", body=body, token=session_token)

    def create_restart_grant(
        self, session_token: str, public_key: bytes, label: str | None = None
    ) -> dict[str, Any]:
        """Binds a restart grant to this computer's device key (`public_key`: the X9.62 uncompressed P-256
        point, 65 bytes) and the session's user name and mode; `label` names the computer (≤ 64)."""
        body: dict[str, Any] = {"public_key": _b64(public_key)}
        if label is not None:
            body["label"] = label
        return self.call("POST", "/v1/session/restart-grant", body=body, token=session_token)

    def forget_restart_grant(self, session_token: str) -> dict[str, Any]:
        """Ends the user name's restart grant for the session's mode: `{"ended": true|false}`."""
        return self.call("DELETE", "/v1/session/restart-grant", token=session_token)

    # --- one request ---------------------------------------------------------------------------------------

    def call(
        self,
        method: str,
        path: str,
        *,
        body: dict[str, Any] | None = None,
        token: str | None = None,
        read_timeout: float | None = None,
    ) -> dict[str, Any]:
        """One JSON request; the reply's JSON object on a 2xx, a `ClientError` for anything else."""
        if not path.startswith("/"):
            raise ValueError("the path must start with /")
        if self._closed:
            raise ClientError(texts.message(texts.CONNECTION_CLOSED))
        wait = self.read_timeout if read_timeout is None else _positive("read_timeout", read_timeout)
        headers = {}
        data = None
        if body is not None:
            data = _json_bytes(body)
            headers["Content-Type"] = "application/json"
        if token is not None:
            if not isinstance(token, str) or not _BEARER.fullmatch(token):
                raise self._protocol("a token that cannot be sent back")
            headers["Authorization"] = f"Bearer {token}"

        started = time.monotonic()
        failure: ClientError
        try:
            status, reply = self._exchange(method, path, data, headers, wait)
        except _ReplyTooLargeError:
            failure = self._protocol(f"a reply over {MAX_REPLY_BYTES // 1024} KiB")
        except _ReplyTooSlowError:
            failure = self._timeout(wait)
        except _TRANSPORT_ERRORS as e:
            failure = self._failure_of(e, wait, time.monotonic() - started)
        else:
            log.debug("%s %s: HTTP %d in %.3f s", method, path, status, time.monotonic() - started)
            return self._interpret(status, reply)
        log.debug("%s %s failed in %.3f s: %s", method, path, time.monotonic() - started, failure.code)
        # Raised here, after the except blocks, so requests' exception (URLs, reprs of internals) is neither
        # the cause nor the context of ours.
        raise failure from None

    def _exchange(
        self, method: str, path: str, data: bytes | None, headers: dict[str, str], wait: float
    ) -> tuple[int, _Reply]:
        response = self._session.request(
            method,
            self.url + path,
            data=data,
            headers=headers,
            timeout=(self.connect_timeout, wait),
            allow_redirects=False,  # a gateway never redirects; following one could carry the token away
            stream=True,  # the body is read below, bounded in size and time
        )
        try:
            content = _read_bounded(response, wait)
        except BaseException:
            response.close()  # the connection is in an unknown state: not back into the pool
            raise
        return response.status_code, _Reply(response.headers, content)

    def _interpret(self, status: int, reply: _Reply) -> dict[str, Any]:
        if status >= 500:
            raise GatewayFault(texts.message(texts.SERVER_FAULT, status=status))
        document = reply.json_object()
        if 200 <= status < 300:
            if document is None:
                raise self._protocol(f"HTTP {status} without a JSON object")
            return document
        if 400 <= status < 500:
            error = document.get("error") if document is not None else None
            if (
                not isinstance(error, dict)
                or not isinstance(error.get("code"), str)
                or not error["code"]
                or not isinstance(error.get("message"), str)
            ):
                raise self._protocol(f"HTTP {status} without an error code")
            refusal = GatewayRefusal.from_wire(error, status)
            if "retry_after" not in refusal.details:
                retry_after = _retry_after(reply.headers.get("Retry-After"))
                if retry_after is not None:
                    refusal.details["retry_after"] = retry_after
            raise refusal
        raise self._protocol(f"HTTP {status}")

    # --- failures ------------------------------------------------------------------------------------------

    def _failure_of(self, error: BaseException, wait: float, elapsed: float) -> ClientError:
        """Which of our errors a requests/urllib3/socket exception is. The causes are searched in order of
        what the trader can do about it: a wrong certificate first (never retry blindly), then time."""
        if isinstance(error, requests.ConnectTimeout):
            return self._unreachable()
        causes = list(_causes(error))
        if any(_is_certificate_failure(cause) for cause in causes):
            return CertificateMismatch(texts.message(texts.CERTIFICATE))
        if isinstance(error, requests.Timeout) or any(
            isinstance(cause, urllib3.exceptions.ReadTimeoutError | TimeoutError) for cause in causes
        ):
            # The TLS handshake runs under the connect timeout but fails as a read timeout: name the one
            # that ran out, the longest not exceeding the time spent (a timeout never fires early).
            spent = [limit for limit in (self.connect_timeout, wait) if limit <= elapsed + 0.01]
            return self._timeout(max(spent, default=wait))
        # Before HTTPException: RemoteDisconnected is both a BadStatusLine and a ConnectionResetError.
        if any(isinstance(cause, _GONE) for cause in causes):
            return self._unreachable()
        if any(isinstance(cause, _NOT_THE_PROTOCOL) for cause in causes):
            return self._protocol("not HTTPS as the gateway speaks it")
        if isinstance(error, requests.ConnectionError | OSError):  # "Connection aborted/broken", nothing more
            return self._unreachable()
        return self._protocol("a reply that cannot be read")

    def _unreachable(self) -> GatewayUnreachable:
        return GatewayUnreachable(texts.message(texts.UNREACHABLE, host=self.host_port))

    def _timeout(self, seconds: float) -> GatewayTimeout:
        return GatewayTimeout(texts.message(texts.TIMEOUT, seconds=f"{seconds:g}"))

    def _protocol(self, why: str) -> ProtocolError:
        return ProtocolError(texts.message(texts.PROTOCOL, why=why, host=self.host_port), detail=why)


# What requests, urllib3 and the socket layer raise; anything else is a bug worth its own traceback.
_TRANSPORT_ERRORS = (
    requests.RequestException,
    urllib3.exceptions.HTTPError,
    http.client.HTTPException,
    OSError,
)
# Nothing (or no longer anything) answers: refused, reset, DNS, closed mid-way.
_GONE = (
    urllib3.exceptions.NewConnectionError,  # includes NameResolutionError
    http.client.RemoteDisconnected,
    ConnectionError,  # the builtin: refused, reset, aborted, broken pipe
    ssl.SSLEOFError,
    ssl.SSLZeroReturnError,
)
# Something answers, but not HTTP over TLS: a plain HTTP server on the port, a status line of garbage.
_NOT_THE_PROTOCOL = (http.client.HTTPException, ssl.SSLError, urllib3.exceptions.DecodeError)


def _causes(error: BaseException) -> Iterator[BaseException]:
    """The exception and everything it wraps: requests keeps urllib3's in args, urllib3 keeps the socket's
    in `reason`, args and __cause__/__context__."""
    pending, seen = [error], set()
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        inner = [getattr(current, "reason", None), current.__cause__, current.__context__, *current.args]
        pending.extend(item for item in inner if isinstance(item, BaseException))


def _is_certificate_failure(error: BaseException) -> bool:
    if isinstance(error, ssl.SSLCertVerificationError):  # untrusted chain or wrong host name
        return True
    # urllib3's pin check raises its own SSLError with only this text to tell it apart; the pinning tests
    # catch a change of wording.
    return isinstance(error, urllib3.exceptions.SSLError) and str(error).startswith(
        ("Fingerprints did not match", "No certificate for the peer")
    )


class _ReplyTooLargeError(Exception):
    pass


class _ReplyTooSlowError(Exception):
    pass


@dataclass(frozen=True)
class _Reply:
    headers: Mapping[str, str]
    content: bytes

    def json_object(self) -> dict[str, Any] | None:
        """The body as a JSON object, or None if it is not one (or not labelled JSON)."""
        content_type = self.headers.get("Content-Type", "")
        if content_type.partition(";")[0].strip().lower() != "application/json":
            return None
        try:
            document = json.loads(self.content, parse_constant=_no_constant)
        except (ValueError, RecursionError):  # not JSON, not text, NaN, nested past the parser's depth
            return None
        return document if isinstance(document, dict) else None


def _read_bounded(response: requests.Response, wait: float) -> bytes:
    """The whole body, at most MAX_REPLY_BYTES, within `wait` seconds of the headers: the socket's read
    timeout alone would let a server that sends a byte now and then hold the client for ever."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_REPLY_BYTES:
        raise _ReplyTooLargeError
    deadline = time.monotonic() + wait
    chunks: list[bytes] = []
    size = 0
    # read1 returns what has arrived instead of waiting for a full chunk, so the deadline is seen.
    while chunk := response.raw.read1(_CHUNK, decode_content=True):
        size += len(chunk)
        if size > MAX_REPLY_BYTES:
            raise _ReplyTooLargeError
        if time.monotonic() > deadline:
            raise _ReplyTooSlowError
        chunks.append(chunk)
    return b"".join(chunks)


def _retry_after(value: str | None) -> int | None:
    """Retry-After as whole seconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0, math.ceil(when.timestamp() - time.time()))


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _json_bytes(body: dict[str, Any]) -> bytes:
    try:
        return json.dumps(body, allow_nan=False, separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError):
        # json's own message may quote a value, and bodies hold secrets.
        raise TypeError("the request body must be plain JSON (str, number, bool, None, list, dict)") from None


def _grant_id(grant_id: str) -> str:
    from trader_login.auth.restart import GRANT_ID_PATTERN  # where used, as in views.read_restart_grant

    if not isinstance(grant_id, str) or not GRANT_ID_PATTERN.fullmatch(grant_id):
        raise ValueError("a restart grant id is 1 to 32 letters, digits and hyphens")
    return grant_id


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _positive(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < math.inf:
        raise ValueError(f"{name} must be a positive number of seconds")
    return float(value)


def _parse_url(url: str) -> tuple[str, str]:
    """The base URL (no trailing slash) and `host:port` for messages; ValueError unless https://host."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port or 443
    except (AttributeError, ValueError):
        raise ValueError("the gateway URL must look like https://host:port") from None
    if parts.scheme.lower() != "https":
        raise ValueError(
            f"the gateway URL must start with https:// (not {parts.scheme or 'no'} scheme): "
            "the gateway speaks HTTPS only"
        )
    if not parts.hostname:
        raise ValueError("the gateway URL has no host name")
    if parts.username is not None or parts.password is not None:
        raise ValueError("the gateway URL must not hold a user name or password")
    if parts.query or parts.fragment:
        raise ValueError("the gateway URL must not have a query or fragment")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    host_port = f"{host}:{port}"
    return f"https://{host_port}{parts.path.rstrip('/')}", host_port


def _checked_ca_file(ca_cert: str | os.PathLike[str]) -> str:
    path = os.fspath(ca_cert)
    try:
        ssl.create_default_context(cafile=path)
    except FileNotFoundError:
        raise ValueError(f"the CA certificate file {path} does not exist") from None
    except (OSError, ssl.SSLError):
        raise ValueError(f"the CA certificate file {path} is not a readable PEM certificate") from None
    return path
