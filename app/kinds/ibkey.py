"""IB Key (R5): the notification approved on the phone and the challenge/response; handle `user.ibkey`,
the console's countdown page, the screenshots, and the phone on the terminal (`trader-login device ibkey`:
the waiting notifications, approve one (with number matching: the number the login's page shows, picked of
the three the phone shows), deny or report one after a confirmation, Authenticate)."""

from __future__ import annotations

import argparse
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from trader_login.app.kinds._base import (
    Answer,
    AppKind,
    DeviceCommandError,
    DeviceContext,
    FollowingShot,
    Terminal,
    TerminalDevice,
    TypedPrompt,
)
from trader_login.app.toolkit import WAIT_SECONDS, ToolkitError, digits_of

if TYPE_CHECKING:
    from trader_login.auth.client.flow import LoginFlow
    from trader_login.auth.client.views import LoginView

PUSH_KEYS = "Enter = challenge/response instead, r Enter = read only, Ctrl-C = cancel"
PUSH_POLL_SECONDS = 1  # one long-poll round: short, so the countdown and the keyboard stay live


class IbKeyHandle:
    """`user.ibkey`: the user's IB Key phone. A notification is answered as the trader answers it on the
    phone: with number matching (the gateway's `push_number_matching`, on by default) the phone shows three
    two-digit numbers and the trader picks the one the login's page shows (`pushNumberLabel`)."""

    def __init__(self, shelf: Any, name: str) -> None:
        self._shelf, self._name = shelf, name

    def __repr__(self) -> str:
        return f"IbKeyHandle({self._name!r})"

    def respond(self, challenge: str) -> str:
        """IB Key's "Authenticate": the 8-digit response to an 8-digit challenge."""
        return self._shelf.device(self._name, "ibkey").respond(digits_of(challenge))

    @property
    def numbers(self) -> tuple[int, ...]:
        """The three numbers the phone shows on the login's notification (the newest waiting), in the
        phone's order; () when the gateway does not match numbers or no notification is waiting. One look,
        no wait."""
        pushes = self._shelf.phone.waiting(self._app(), timeout=0)
        return tuple(pushes[-1].numbers) if pushes else ()

    def approve(self, number: int | None = None, timeout: float = WAIT_SECONDS) -> str:
        """Approves the login's notification on the phone (waits up to `timeout` s for it to arrive).

        With number matching, `number=None` picks the right number (the one the login's page shows, read
        from the gateway's push); `number=17` picks that one of the three the phone shows (`numbers`): a
        wrong pick is a denial that counts as a failed attempt (R3), and the login gets a fresh
        notification. A number the phone does not show, or a number for a notification without numbers,
        raises ToolkitError and sends nothing. Returns the gateway's status: "approved" or "denied"."""
        app = self._app()
        request = self._request(app, timeout)
        numbers = tuple(request.numbers)
        if not numbers:
            if number is not None:
                raise ToolkitError(
                    "this notification has no numbers to pick (the gateway does not match numbers): "
                    "approve() without number="
                )
            return self._shelf.phone.answer(app, request, "approve")
        if number is None:
            number = push_number(self._shelf.gateway, request.transaction_id)
            if number is None or number not in numbers:
                raise ToolkitError("the gateway has no number for the login's notification")
        elif isinstance(number, bool) or not isinstance(number, int) or number not in numbers:
            shown = ", ".join(str(each) for each in numbers)
            raise ToolkitError(f"the phone shows {shown}: pick one of them, not {number!r}")
        return self._shelf.phone.answer(app, request, "approve", number)

    def deny(self, timeout: float = WAIT_SECONDS) -> str:
        """Denies the login's notification: the window says "Login failed" and sends another; the denial
        counts as a failed attempt (R3). Returns the gateway's status ("denied")."""
        app = self._app()
        return self._shelf.phone.answer(app, self._request(app, timeout), "deny")

    def report(self, timeout: float = WAIT_SECONDS) -> str:
        """ "This wasn't me": denies the login's notification and reports it as fraud. Counted as a failed
        attempt (R3), the window says so and sends another; the gateway's audit trail records
        `push.fraud_reported` with the login's address. Returns the gateway's status ("denied")."""
        app = self._app()
        return self._shelf.phone.answer(app, self._request(app, timeout), "report")

    def _app(self) -> Any:
        return self._shelf.device(self._name, "ibkey")

    def _request(self, app: Any, timeout: float) -> Any:
        pushes = self._shelf.phone.waiting(app, timeout=timeout)
        if not pushes:
            raise ToolkitError(f"no IB Key notification reached the phone in {timeout:g} s")
        return pushes[-1]


def push_number(gateway: Any, transaction_id: str) -> int | None:
    """The number the login's page shows for this notification, read from the gateway's push row (None
    when the gateway does not match numbers, or no such push)."""
    from sqlalchemy import select

    from trader_login.auth.gateway.store import push_requests as table

    with gateway.store.read() as connection:
        number = connection.execute(
            select(table.c.number).where(table.c.transaction_id == transaction_id)
        ).scalar()
    return None if number is None else int(number)


def _approve(user: Any, _challenge: str) -> None:
    user.ibkey.approve()


class PushPage:
    """R5 on the console: the countdown while the flow long-polls in short rounds; a typed line stops it."""

    def run(
        self, flow: LoginFlow, terminal: Terminal, view: LoginView, options: argparse.Namespace
    ) -> LoginView:
        challenge = view.challenge
        assert challenge is not None
        assert challenge.push_deadline is not None
        if view.error_code:
            terminal.say(view.message)
        if view.error_code == "EXPIRED":
            return self.expired(flow, terminal, view)
        terminal.say(f"{challenge.message or 'A notification was sent to your phone'} ({PUSH_KEYS}).")
        number = challenge.extra.get("number")
        if isinstance(number, int):  # push number matching: the phone approves only with this one
            terminal.say(f"Pick {number} on your phone.")
        while True:
            left = max(0, round(challenge.push_deadline - flow.clock()))
            terminal.status(f"Waiting for approval on your phone: {left:3d} s left")
            if terminal.line_waiting():
                typed = terminal.ask("").strip().lower()
                if typed == "r" and view.read_only_available:
                    return flow.enter_read_only()
                return flow.switch_to_challenge()
            latest = flow.wait_for_push(max_wait=PUSH_POLL_SECONDS)
            if latest is not view:
                terminal.end_status()
                return latest

    def expired(self, flow: LoginFlow, terminal: Terminal, view: LoginView) -> LoginView:
        options = "n = send a new notification, Enter = challenge/response"
        if view.read_only_available:
            options += ", r = read only"
        typed = terminal.ask(f"{options}: ").strip().lower()
        if typed == "n":
            return flow.resend_push()
        if typed == "r" and view.read_only_available:
            return flow.enter_read_only()
        return flow.switch_to_challenge()


class IbKeyDevice(TerminalDevice):
    """The IB Key app on the terminal: its notifications (the gateway's phone side, as the emulators'
    phone reads them), a decision signed with the device key after the trader confirms it (with number
    matching: picks the number the login's page shows), "This wasn't me" (report), and Authenticate
    (challenge to response) from the device file alone."""

    summary = (
        "IB Key: the waiting notifications, approve one (picking the login's number), deny or report one, "
        "or a challenge's response"
    )
    examples = (
        "trader-login device ibkey --user ibkeyuser                     # the notifications waiting",
        "trader-login device ibkey --user ibkeyuser approve             # shows 3 numbers, asks which",
        "trader-login device ibkey --user ibkeyuser approve --number 42 # the login's page shows 42",
        "trader-login device ibkey --user ibkeyuser deny 2",
        "trader-login device ibkey --user ibkeyuser report              # This wasn't me (y/N)",
        "trader-login device ibkey --user ibkeyuser approve --wait 60   # for the notification to come",
        "trader-login device ibkey --user ibkeyuser challenge 12345678  # Authenticate: the response",
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "action",
            nargs="?",
            default="pushes",
            choices=("pushes", "approve", "deny", "report", "challenge"),
            help="pushes (default): list the notifications waiting; approve one (with number matching: "
            "pick the number the login's page shows, asked unless --number), deny one (y/N), or report "
            "one: This wasn't me (y/N; refused, counted as a failed attempt and recorded as a reported "
            "fraud); challenge: Authenticate, the 8-digit response to an 8-digit challenge",
        )
        parser.add_argument(
            "value",
            nargs="*",
            metavar="N|CHALLENGE",
            help="the notification's place in the list (needed when several wait), or the challenge "
            "(asked when not given)",
        )
        parser.add_argument(
            "--number",
            metavar="NN",
            type=_two_digits,
            default=None,
            help="approve: the two-digit number the login's page shows, one of the three the phone shows; "
            "it approves without a y/N question (a number that is not the login's is a denial, counted)",
        )
        parser.add_argument(
            "--wait",
            metavar="SECONDS",
            type=_seconds,
            default=0.0,
            help="pushes, approve, deny, report: wait up to SECONDS for a notification to arrive "
            "(default: none)",
        )

    def run(self, context: DeviceContext, args: argparse.Namespace) -> int:
        value = " ".join(args.value) if args.value else None  # a challenge may come in groups: 1234 5678
        if args.number is not None and args.action != "approve":
            raise DeviceCommandError("--number goes with approve: the number the login's page shows", 2)
        if args.action == "challenge":
            return self.authenticate(context, value)
        if args.action == "pushes" and value is not None:
            raise DeviceCommandError(
                "pushes takes no value: approve N, deny N or report N names a notification", 2
            )
        held = context.device(("ibkey",))
        app = held.model
        link = context.phone_link()
        pushes = link.pending_pushes(app)
        if not pushes and args.wait > 0:
            context.console.say(
                f"Waiting up to {args.wait:g} s for a notification to IB Key {app.device_id}…"
            )
            deadline = context.clock() + args.wait
            while not pushes and context.clock() < deadline:
                context.pause(min(WAIT_POLL_SECONDS, max(0.0, deadline - context.clock())))
                pushes = link.pending_pushes(app)
        if args.action == "pushes":
            if not pushes:
                context.console.say(f"No notification is waiting for IB Key {app.device_id}.")
                return 0
            for number, push in enumerate(pushes, start=1):
                shown = f"; the phone shows {'  '.join(map(str, push.numbers))}" if push.numbers else ""
                context.console.say(f"  {number}. {_describe(context, push)}{shown}")
            context.console.say(
                "Approve, deny or report one: trader-login device ibkey … approve|deny|report N"
            )
            return 0
        push = _pick(pushes, value, app.device_id)
        context.console.say(_describe(context, push))
        if args.action == "approve":
            return self.approve(context, link, app, push, args.number)
        if args.action == "report":
            question = (
                "Report this login as not yours? It is refused, counts as a failed attempt, and the "
                "gateway records the report"
            )
            if not context.console.confirm(question):
                context.console.say("Not reported: nothing was sent.")
                return 1
            link.decide(app, push, "report")
            context.console.say(
                "Reported: the login is refused, the report counts as a failed attempt, and the gateway's "
                "audit trail records it."
            )
            return 0
        if not context.console.confirm("Deny this login?"):
            context.console.say("Not denied: nothing was sent.")
            return 1
        link.decide(app, push, "deny")
        context.console.say("Denied: the login is refused, and the denial counts as a failed attempt.")
        return 0

    def approve(self, context: DeviceContext, link: Any, app: Any, push: Any, number: int | None) -> int:
        """Approves `push`: without numbers after y/N (as before number matching); with numbers, with the
        number given (--number) or picked at a prompt (a number not shown asks again, Enter cancels)."""
        numbers = tuple(push.numbers)
        if not numbers:
            if number is not None:
                raise DeviceCommandError(
                    "This notification has no numbers to pick (the gateway does not match numbers): "
                    "approve it without --number. Nothing was sent.",
                    2,
                )
            if not context.console.confirm("Approve this login?"):
                context.console.say("Not approved: nothing was sent.")
                return 1
            status = link.decide(app, push, "approve")
        else:
            shown = "   ".join(str(each) for each in numbers)
            if number is not None and number not in numbers:
                raise DeviceCommandError(
                    f"The phone shows {_either(numbers)}, not {number}: nothing was sent.", 2
                )
            if number is None:
                context.console.say(f"The phone shows three numbers:   {shown}")
                number = _ask_number(context, numbers)
                if number is None:
                    context.console.say("Not approved: nothing was sent.")
                    return 1
            status = link.decide(app, push, "approve", number)
        if status == "approved":
            context.console.say("Approved: the login goes on.")
        elif numbers:
            context.console.say(
                f"Denied: {number} is not the number the login's page shows. The login is refused, and "
                "this counts as a failed attempt."
            )
        else:
            context.console.say("Denied: the login is refused, and the denial counts as a failed attempt.")
        return 0 if status == "approved" else 1

    def authenticate(self, context: DeviceContext, value: str | None) -> int:
        from trader_login.auth.devices.ibkey import normalise_challenge

        def checked(text: str) -> str:
            try:
                return normalise_challenge(text)
            except ValueError as error:
                raise DeviceCommandError(f"Not an IB Key challenge: {error}.", 2) from None

        given = checked(value) if value is not None else None  # checked before the file is read
        app = context.device(("ibkey",)).model
        challenge = given if given is not None else checked(context.console.ask("Challenge (8 digits): "))
        context.console.say(f"Response: {app.respond(challenge)}")
        return 0


def _either(numbers: tuple[int, ...]) -> str:
    *first, last = (str(each) for each in numbers)
    return f"{', '.join(first)} or {last}" if first else last


def _ask_number(context: DeviceContext, numbers: tuple[int, ...]) -> int | None:
    """The number the trader picks of `numbers`; None for an empty line (cancelled). EOF ends the command
    (nothing sent), as every prompt of it does."""
    prompt = f"Pick the number the login's page shows ({_either(numbers)}; Enter = do not approve): "
    while True:
        typed = context.console.ask(prompt).strip()
        if not typed:
            return None
        if typed.isdigit() and int(typed) in numbers:
            return int(typed)
        context.console.say(f"{typed!r} is not one of the numbers on the phone: pick {_either(numbers)}.")


def _two_digits(text: str) -> int:
    if not (len(text) == 2 and text.isdigit() and text.isascii()) or text.startswith("0"):
        raise argparse.ArgumentTypeError(f"a two-digit number from 10 to 99, not {text!r}")
    return int(text)


WAIT_POLL_SECONDS = 1.0  # how often --wait asks the gateway again
WAIT_MAX_SECONDS = 600.0


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 <= seconds <= WAIT_MAX_SECONDS:
        raise argparse.ArgumentTypeError(f"from 0 to {WAIT_MAX_SECONDS:g} seconds")
    return seconds


def _describe(context: DeviceContext, push: Any) -> str:
    what = push.summary or "Trader Login"
    return f"{what} (user {push.username}, sent {context.moment(push.created_at)})"


def _pick(pushes: list[Any], value: str | None, device_id: str) -> Any:
    if not pushes:
        raise DeviceCommandError(f"No notification is waiting for IB Key {device_id}: nothing was sent.")
    if value is None:
        if len(pushes) > 1:
            raise DeviceCommandError(
                f"{len(pushes)} notifications are waiting: name one by its number "
                "(trader-login device ibkey … to list them).",
                2,
            )
        return pushes[0]
    if not value.isdigit() or not 1 <= int(value) <= len(pushes):
        raise DeviceCommandError(
            f"No notification {value!r}: the numbers are 1 to {len(pushes)}; nothing was sent.", 2
        )
    return pushes[int(value) - 1]


def _following_ready(child: Any) -> list[tuple[Any, str]]:
    from PySide6.QtWidgets import QListWidget

    notifications = child(QListWidget, "ibkeyNotificationList")
    return [(lambda: notifications.count() == 1, "the notification on the phone")]


class IbKeyKind(AppKind):
    device = "ibkey"
    handle = "ibkey"
    answers = MappingProxyType(
        {
            "ibkey_push": Answer("ibkey_push", "ibkey", _approve, on_device=True),
            "ibkey_challenge": Answer(
                "ibkey_challenge", "ibkey", lambda user, challenge: user.ibkey.respond(challenge)
            ),
        }
    )
    console = MappingProxyType(
        {
            "ibkey_push": PushPage(),
            "ibkey_challenge": TypedPrompt(
                "Response",
                lambda challenge: (
                    f"IB Key challenge: {challenge.digits}  "
                    "(in the IB Key app: Authenticate, enter the challenge)"
                ),
            ),
        }
    )
    console_keys = (("IB Key push", f"the countdown runs while the login waits for the phone; {PUSH_KEYS}"),)
    following = FollowingShot("ibkey-push", "ibkeyuser", "ibkeyTab", _following_ready)
    terminal_device = IbKeyDevice()

    def make_handle(self, shelf: Any, user: str) -> IbKeyHandle:
        return IbKeyHandle(shelf, user)

    def screenshots(self, shots: Any) -> None:
        from trader_login.app import driving

        window = shots.window
        shots.log_in("multiuser")
        driving.pick_device(window, shots.gateway.user("multiuser"), "ibkey")
        shots.act("the push page", window.devices.continue_button.click)
        shots.save("04-ibkey-push")
        ibkey = window.second_factor.parts["ibkey"]  # the IB Key page part's widgets
        shots.act("the IB Key challenge", ibkey.no_notification_link.click)
        shots.save("05-ibkey-challenge")
        shots.cancel()


APP_KIND = IbKeyKind()
