"""Board documents: one module per document, each a mapping from the meeting to its template's fields.

`context` loads what a meeting's documents need (phase one); `agenda`,
`action_appendix`, `risk_appendix`, `plan_appendix` and `minutes_template`
turn it into template fields (phase two) and lay out their built-in template;
`registry` lists them, and is what the CLI, the pack, the template generator
and the golden tests read; `render` fills a Word template in a sandbox;
`pack` binds them with the reports into the agenda pack.  Word XML is touched
only in `docx_tools` (and, as template text, in the engine: `render`,
`fast_tables`); every file is written through meeting_packs/files.py.
"""
