"""Authentication for Trader Login, with no Qt: rules, one-time passwords, SRP, device models,
the client login flow and the SLS gateway."""
