"""The Online Security Code Card: a Security Code Card printed from the Client Portal, which the desk
activates once issued; handle `user.online_card`."""

from __future__ import annotations

from typing import Any

from trader_login.app.kinds.card import CardKind


class OnlineCardKind(CardKind):
    def issue(self, desk: Any, user: str, given: Any) -> Any:
        device = super().issue(desk, user, given)
        desk.activate_online_card(user, device.serial)
        return device


APP_KIND = OnlineCardKind("online-card", "online_card", "onlineuser", "08-online-card")
