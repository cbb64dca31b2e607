"""`python -m trader_login.auth.gateway`: the `sls-gateway` command."""

import sys

from trader_login.auth.gateway.cli import main

if __name__ == "__main__":  # importing the package's modules (tests/without_qt.py does) must not run it
    sys.exit(main())
