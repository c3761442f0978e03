"""Names of the membership fees of the grid set by the administrator."""

from __future__ import annotations

from caisse.i18n import N_

FEE_LABELS = {
    "individual": N_("Individual fee"),
    "reduced": N_("Reduced fee"),
    "organisation": N_("Organisation fee"),
}
