"""The Device emulators window and its tabs (SPEC §8): DSC+, IB Key phone, Phone, Cards, Client Services."""

from ui.emulators.services import EmulatorServices
from ui.emulators.window import EmulatorsWindow

__all__ = ["EmulatorServices", "EmulatorsWindow"]
