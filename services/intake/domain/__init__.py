"""Intake's pure domain: rules and state machines, no I/O, no clock, no ids made inside.

- ``cccd``, ``phone``, ``names``, ``units``, ``ethnicity``: reading and checking what a
  registration holds (national ID, mobile number, names for search, administrative units).
- ``registration``: the worker's details and the rules a registration passes.
- ``worker``: the case: register, correct (versioned), withdraw, reopen.
- ``duplicates``: likely duplicates, officers' decisions, merges.
- ``eligibility`` and ``poverty_areas``: the rules, each with its reason, and their data.
- ``consultations``, ``loans``: consultation history, preferential loans.
- ``bulk_import``: spreadsheet rows read by the same rules.
"""
