"""Members arriving as CSV (HelloAsso's export or any file through a mapping) and leaving as
CSV: a dry run first, then all or nothing."""

from caisse.services.imports.apply import ImportResult, apply
from caisse.services.imports.export import export_csv
from caisse.services.imports.plan import (
    ACTIONS,
    Cancelled,
    ImportPlan,
    PlanRow,
    Progress,
    plan,
)

__all__ = [
    "ACTIONS",
    "Cancelled",
    "ImportPlan",
    "ImportResult",
    "PlanRow",
    "Progress",
    "apply",
    "export_csv",
    "plan",
]
