"""The Security Code Card on the gateway: two distinct index values in 1-100, answered with the two
3-character codes at them (R7). `online_card.py` builds on it."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field

from trader_login.auth import texts, vocabulary
from trader_login.auth.devices.card import SecurityCodeCard
from trader_login.auth.gateway.kinds._part import Enrolment, GatewayKind, Issued, Step, same
from trader_login.auth.gateway.kinds._wire import Challenge


# One shape for both cards: the online card's part (a CardKind) lists this model too.
class CardChallenge(Challenge):
    kind: Literal["card", "online-card"]
    indices: list[Annotated[int, Field(ge=1, le=100)]] = Field(
        min_length=2, max_length=2, description="Two different cells of the card; answer cell i then j."
    )


class CardKind(GatewayKind):
    challenge_models = (CardChallenge,)
    wrong_text = texts.WRONG_RESPONSE_CARD
    other_device_text = texts.RESPONSE_FROM_CARD

    def issue(self, step: Step, challenge: str) -> Issued:
        return issue_indices(challenge, step.now)

    def check(self, step: Step, challenge: str, response: str) -> bool:
        return self._made(step, step.challenge_secret()["indices"], response)

    def answers(self, step: Step, question: Mapping[str, Any], response: str) -> bool:
        # Any card of the user's (a Security Code Card, an online card) has codes at two index values.
        indices = question.get("indices")
        valid = isinstance(indices, list) and len(indices) == 2
        if not valid or not all(isinstance(i, int) and 1 <= i <= 100 for i in indices):
            return False
        return self._made(step, indices, response)

    def _made(self, step: Step, indices: list[int], response: str) -> bool:
        """Whether `response` is the codes of `step`'s card at `indices`, cell i then cell j."""
        answer = self.answer(self.first_challenge, response)
        codes = step.device_secret()["codes"]
        first, second = indices
        expected = codes[first - 1] + codes[second - 1]
        return answer is not None and same(answer, expected)

    def enrol(self, username: str, now: float, **options: Any) -> Enrolment:
        self.no_options(**options)
        device = SecurityCodeCard.create(self.name)  # type: ignore[arg-type]
        return Enrolment(device, {"id": device.serial, "sealed": {"codes": list(device.codes().values())}})


def issue_indices(challenge: str, now: float) -> Issued:
    """Two different cells of the card's 100, each index drawn from the CSPRNG."""
    first = secrets.randbelow(100) + 1
    second = secrets.randbelow(99) + 1
    second += second >= first
    indices = [first, second]
    return Issued(
        {"kind": challenge, "indices": indices}, {"indices": indices}, now + vocabulary.CHALLENGE_TTL
    )


GATEWAY_KIND = CardKind("card")
