"""End-to-end tests: the built site in Chromium (see docs/decisions/0004-e2e-tests.md)."""
