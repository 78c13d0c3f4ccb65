"""Pure legal core: typed values and plain functions, no I/O, no clock, no database.

Jurisdictions live in sub-packages (``law.pl`` for Poland) the way python-holidays keeps one
module per country. Everything here may be imported by any layer; it imports nothing from the
project outside ``law`` and no I/O library (``tests/law/test_purity.py`` enforces it).
"""
