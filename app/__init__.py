"""Composition root of Trader Login: command line, settings, keychain, translations, logging."""
