"""Notifications: alerts raised by rules over what the four services publish."""
