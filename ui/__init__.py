"""PySide6 views of Trader Login. Imports `auth` but never `auth.gateway`."""
