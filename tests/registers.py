"""A real register for the go-live tests: the register template filled in, and a database that
holds reference data and the first administrator only."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook
from sqlalchemy import select

from dashboard.access.auth import COMMAND_LINE, CurrentUser
from dashboard.access.users import add_user
from dashboard.admin import seed
from dashboard.enums import Role
from dashboard.excel import register as register_excel
from dashboard.monitoring.register_import import register_template
from dashboard.store.db import session_scope
from dashboard.store.models import Base

FINAL_REPORT = "HLCEG-R final report (18 May 2018)"
PRISONS, ONLINE = "Prisons, rehabilitation and reintegration", "Online propaganda and communication"
REGISTER = [  # Code, Thematic area, Title, Description, Addressed to, Issued on, Deadline, Priority,
    # Source document, Paragraph
    ["R-1", PRISONS, "Risk assessment of radicalised offenders", "", "Member States",
     dt.date(2018, 5, 18), dt.date(2020, 12, 31), "High", FINAL_REPORT, "3.1"],
    ["R-2", PRISONS, "Exit programmes after release", "Multi-agency follow-up.", "Member States",
     dt.date(2018, 5, 18), dt.date(2021, 12, 31), "Medium", FINAL_REPORT, "3.2"],
    ["R-3", ONLINE, "Counter-narratives with civil society", "", "Commission and Member States",
     dt.date(2018, 5, 18), None, "Low", FINAL_REPORT, "4.1"],
]  # fmt: skip


def first_administrator(engine, email: str = "secretariat@example.eu") -> CurrentUser:
    """Reference data only (no demo), and the first administrator added on the command line."""
    with session_scope(engine) as session:
        if seed.is_empty(session):
            seed.seed_database(session, seed.load_seed(today=dt.date.today()), demo=False)
        return add_user(session, COMMAND_LINE, email, "Secretariat", Role.ADMIN)


def register_file(engine, user: CurrentUser, rows: list[list]) -> bytes:
    """The register template as the app hands it out, with ``rows`` typed into its Register sheet."""
    with session_scope(engine) as session:
        template = register_excel.render(register_template(session, user))
    wb = load_workbook(io.BytesIO(template))
    ws = wb[register_excel.SHEET]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def contents(engine) -> dict[str, list]:
    """Every row of every table, to show that a refused write changed nothing."""
    with engine.connect() as connection:
        return {
            table.name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
            for table in Base.metadata.sorted_tables
        }
