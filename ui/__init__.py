"""PySide6 views of Trader Login. Imports `auth` but never `trader_login.auth.gateway`."""
