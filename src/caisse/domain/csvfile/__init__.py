"""CSV files as people bring them: encoding, delimiter and columns found, rows read by name."""

from caisse.domain.csvfile.mapping import (
    FIELDS,
    HELLOASSO,
    ColumnMap,
    RowValues,
    guess_mapping,
    helloasso_mapping,
    signature,
)
from caisse.domain.csvfile.reading import MAX_BYTES, CsvTable, decode, read_table

__all__ = [
    "FIELDS",
    "HELLOASSO",
    "MAX_BYTES",
    "ColumnMap",
    "CsvTable",
    "RowValues",
    "decode",
    "guess_mapping",
    "helloasso_mapping",
    "read_table",
    "signature",
]
