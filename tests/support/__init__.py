"""Test support: real infrastructure selection, service harness, Kafka helpers."""
