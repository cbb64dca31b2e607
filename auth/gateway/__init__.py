"""The SLS gateway: the broker's side of the Secure Login System, emulated for offline use.

Never imports `trader_login.auth.client` (an import-linter contract enforces it)."""
