"""The Device emulators window and its tabs (SPEC §8): DSC+, IB Key phone, Phone, Cards, Client Services."""

from trader_login.ui.emulators.services import EmulatorServices
from trader_login.ui.emulators.window import EmulatorsWindow

__all__ = ["EmulatorServices", "EmulatorsWindow"]
