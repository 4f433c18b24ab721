"""Every write to documents goes through these functions: keyword-only, one durable
transaction each, validated, audited with a namespaced action code (docs/architecture.md)."""
