"""The event log: what is not money but matters (logins, settings changes, backups)."""

from __future__ import annotations

import json
from typing import Any

from caisse.services.context import local_now
from caisse.store.db import Store


def record(
    store: Store, kind: str, actor: str | None = None, at: str | None = None, **detail: Any
) -> None:
    store.execute(
        "INSERT INTO event (at, actor, kind, detail) VALUES (?, ?, ?, ?)",
        (
            at or local_now().isoformat(timespec="seconds"),
            actor,
            kind,
            json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
        ),
    )


def recent(store: Store, limit: int = 100) -> list[dict[str, Any]]:
    rows = store.rows(
        "SELECT at, actor, kind, detail FROM event ORDER BY id DESC LIMIT ?", (limit,)
    )
    for row in rows:
        row["detail"] = json.loads(row["detail"])
    return rows
