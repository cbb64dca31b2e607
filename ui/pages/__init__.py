"""The login window's pages: credentials, device choice, second factor, existing session."""
