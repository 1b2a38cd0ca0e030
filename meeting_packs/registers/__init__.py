"""The registers: Excel workbooks that staff also edit by hand.

`schema` says what each workbook holds, `workbook` reads and safely saves
them, `convert` turns rows into model objects and back.
"""
