"""Every write to organisations, members and committees goes through these functions.

Each is keyword-only, runs in one durable transaction, validates with full_clean() and is
audited with a namespaced action code (docs/architecture.md, "Where code goes").
"""
