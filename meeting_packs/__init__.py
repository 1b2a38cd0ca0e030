"""meeting-packs: registers and board papers for English local-government boards."""

__version__ = "0.1.0"
