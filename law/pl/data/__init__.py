"""Generated legal data tables (pure Python, no file I/O at run time)."""
