"""Automated announcements: templates, rendering, outbox, delivery, scheduler (no Discord)."""
