"""Personal data in events: which fields are personal, sealing them, and the data keys."""
