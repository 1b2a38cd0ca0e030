"""Board documents: one module per document, each a pure context builder plus one render call.

`context` loads what a meeting's documents need (phase one); `agenda`,
`action_appendix`, `risk_appendix`, `plan_appendix` and `minutes_template`
turn it into template contexts (phase two); `render` fills the Word template
in a sandbox; `pack` binds them with the reports into the agenda pack.
"""
