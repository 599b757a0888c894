"""Aftercare's pure rules: the worker's case and timeline, check-ins, remittances, incidents,
contract ends, return and reintegration. No I/O, no clock, no ids generated here."""
