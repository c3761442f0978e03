"""The counter page, organised around the till session: its header, the quick actions and
their dialogs."""

from .fees import FEE_LABELS
from .page import CounterPage

__all__ = ["FEE_LABELS", "CounterPage"]
