"""Signals the LTI bridge sends (see docs/architecture.md)."""

from django.dispatch import Signal

# An LTI launch opened a resource: sender=Launch class, page, user, launch.
resource_launched = Signal()
