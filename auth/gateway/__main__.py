"""`python -m auth.gateway`: the `sls-gateway` command."""

import sys

from auth.gateway.cli import main

if __name__ == "__main__":  # importing the package's modules (tests/without_qt.py does) must not run it
    sys.exit(main())
