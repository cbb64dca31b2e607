"""`python -m app`, started by `make run`: for now the console demonstration of the authentication core."""

import sys

from trader_login.app.console_demo import main

sys.exit(main())
