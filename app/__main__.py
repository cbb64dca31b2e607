"""`python -m app`: how to run Trader Login (the window, the console, `trader-login device`) and an offline
tour of the authentication core (`app.console_demo`)."""

import sys

from trader_login.app.console_demo import main

sys.exit(main())
