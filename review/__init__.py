"""The partner review page: a small FastAPI + Jinja2 app over the case store."""
