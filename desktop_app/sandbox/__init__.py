"""Calendly-API-compatible sandbox server (issue 2), sharing no code with the client.

Modules: ``server`` (in-process helper ``SandboxServer``, ``SandboxConfig``,
``FaultConfig``), ``__main__`` (CLI), ``app`` (routes + rate-limit/fault middleware),
``routes_read``/``routes_write``/``booking`` (operations), ``availability`` (engine),
``store`` (SQLite), ``seed``/``seed_builder`` (demo, large, empty), ``auth``, ``ratelimit``,
``faults``, ``pagination``, ``render`` (JSON shapes), ``common`` (errors, times, URIs).
"""
