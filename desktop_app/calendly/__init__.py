"""calendly layer."""
