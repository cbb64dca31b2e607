"""The client side of the Secure Login System: the HTTPS gateway client and the login flow.

Never imports `auth.gateway` (an import-linter contract enforces it)."""
