"""The Discord layer: translates Discord events into core calls and core results into messages."""
