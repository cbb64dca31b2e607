"""The client side of the Secure Login System: the HTTPS gateway client and the login flow.

- `transport.GatewayClient`: the protocol's calls over HTTPS, the gateway pinned by certificate.
- `flow.LoginFlow`: the login as a Qt-free state machine; the window and the console only render it.
- `views`: the stages and the immutable `LoginView` each page renders; `outcomes`: what each answer of
  the gateway makes of the page (the error rule); `exchange`: the password proof (SRP over Argon2id)
  and the normalising of typed responses.
- `errors`: every failure as a typed error carrying its catalogue message (`trader_login.auth.texts`).
- `kinds`: each device kind's client part (`CLIENT_KIND`), found by kind through the vocabulary: how its
  challenges are read from the wire and what their pages offer.

Never imports `trader_login.auth.gateway` (an import-linter contract enforces it)."""
