"""The size and start-up baseline of `benchmarks/bundle.py`: a bare PySide6-Essentials window (two line
edits and a button) that also imports requests, keyring and cryptography, frozen by the same spec
settings as the app: `TRADER_LOGIN_BUNDLE=baseline pyinstaller packaging/trader-login.spec`.
The benchmark times it, and the app, with the same probe (`packaging/bench_probe.py`)."""

import sys

import cryptography.hazmat.primitives.hashes  # noqa: F401 - bundled and loaded, as the app's are
import keyring  # noqa: F401
import requests  # noqa: F401
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget


def main() -> int:
    qapp = QApplication(sys.argv[:1])
    window = QWidget()
    layout = QVBoxLayout(window)
    layout.addWidget(QLineEdit(window))
    layout.addWidget(QLineEdit(window))
    layout.addWidget(QPushButton("Log In", window))
    window.show()
    return qapp.exec()


if __name__ == "__main__":
    sys.exit(main())
