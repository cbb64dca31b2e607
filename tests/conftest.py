"""Test set-up shared by every test: headless Qt, and hypothesis settings for CI.

Kept Qt-free: it also loads in `tests/without_qt.py`, where PySide6 is unimportable.
"""

import os

from hypothesis import HealthCheck, settings

# Before any Qt import: tests never open a real window, on a desktop or in CI.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Shared machines are noisy: no per-example deadline. CI gets a fixed seed so a failure reproduces.
settings.register_profile("default", deadline=None)
settings.register_profile(
    "ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("ci" if os.environ.get("CI") else "default")
