"""Alembic environment: runs migrations on the connection the app hands over, or on DATABASE_URL."""

from alembic import context

from dashboard.store.db import make_engine
from dashboard.store.models import Base

target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copy
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    with make_engine().begin() as own_connection:
        _run(own_connection)
