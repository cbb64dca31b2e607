"""The frozen app's entry point (PyInstaller runs this file as `__main__`): the same as the
`trader-login` console script, `trader_login.app.cli:main`."""

import sys

from trader_login.app.cli import main

if __name__ == "__main__":
    sys.exit(main())
