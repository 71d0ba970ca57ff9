"""Events the files app sends (see ``docs/architecture.md``)."""

from django.dispatch import Signal

# Sent after the transaction that stored a simulator attempt commits.
# Arguments: ``sender`` (the SimulatorAttempt class), ``attempt`` (SimulatorAttempt), ``request``.
simulator_attempt_recorded = Signal()

# Sent after commit when a document's text has been (re-)extracted, so search can reindex the
# pages that use it. Arguments: ``sender`` (DocumentInfo), ``document``, ``info`` (DocumentInfo).
document_text_extracted = Signal()
