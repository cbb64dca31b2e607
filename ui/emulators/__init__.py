"""The Device emulators window (SPEC §8): a tab per device kind's emulator part (`kinds`), then the desk."""

from trader_login.ui.emulators.services import EmulatorServices
from trader_login.ui.emulators.window import EmulatorsWindow

__all__ = ["EmulatorServices", "EmulatorsWindow"]
