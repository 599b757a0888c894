"""Reporting's pure rules: facts taken from events, targets, and the figures computed from them."""
