"""The case store: SQLModel tables, the engine, migrations and the queries the flows use.

The only package that imports sqlmodel / SQLAlchemy. SQLite by default, PostgreSQL for a
firm; the URL is configuration (``config.Settings.database_url``).
"""
