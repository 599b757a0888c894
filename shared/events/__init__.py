"""Homeward's event contracts: the CloudEvents envelope, the catalogue, topics and codec."""
