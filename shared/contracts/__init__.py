"""Event payloads, one module per producing service; importing this registers them all."""

from shared.contracts import aftercare, deployment, intake, notifications, training

__all__ = ["aftercare", "deployment", "intake", "notifications", "training"]
