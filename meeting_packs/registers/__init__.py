"""The registers: Excel workbooks that staff also edit by hand.

- `schema`: what each workbook holds (sheets, columns, kinds, drop-downs);
- `convert`: rows ↔ model objects, and `SHEET_MODELS`, one entry per sheet;
- `reading`: container checks, sheet sizes, calamine, header matching;
- `writing`: the openpyxl build (styles, table, validation, formatting);
- `saving`: where a register is saved safely (lock, compare, temp, verify, backup, replace);
- `loss`: what a rebuild from the rows would drop;
- `cache`: registers already read, kept as JSON by the workbook's digest.

`workbook` re-exports the names other modules import from it.
"""
