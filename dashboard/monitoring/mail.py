"""Reminders by e-mail: one message per Member State to its officials, listing what is due from it
(the reminder workbook's rows), sent through a configured SMTP server. Off unless
``DASHBOARD_SMTP_HOST`` is set.

Settings (environment): ``DASHBOARD_SMTP_HOST``, ``DASHBOARD_SMTP_PORT`` (default 25),
``DASHBOARD_SMTP_FROM`` (default ``hlceg-r-dashboard@localhost``), ``DASHBOARD_SMTP_USER`` and
``DASHBOARD_SMTP_PASSWORD`` (log in when both are set), ``DASHBOARD_SMTP_STARTTLS=1`` (upgrade the
connection before logging in).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.errors import InvalidInput
from dashboard.monitoring import due, queries
from dashboard.store import audit

LOG = logging.getLogger("dashboard.mail")
TIMEOUT_S = 10


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int = 25
    sender: str = "hlceg-r-dashboard@localhost"
    user: str = ""
    password: str = ""
    starttls: bool = False

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"


def settings_from_env() -> MailSettings | None:
    """The configured SMTP server, or None when e-mail is off (no ``DASHBOARD_SMTP_HOST``)."""
    host = os.environ.get("DASHBOARD_SMTP_HOST", "").strip()
    if not host:
        return None
    raw = os.environ.get("DASHBOARD_SMTP_PORT", "25").strip()
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise InvalidInput(f"DASHBOARD_SMTP_PORT '{raw[:20]}' is not a port number (1 to 65535)")
    return MailSettings(
        host,
        int(raw),
        os.environ.get("DASHBOARD_SMTP_FROM", "").strip() or MailSettings.sender,
        os.environ.get("DASHBOARD_SMTP_USER", ""),
        os.environ.get("DASHBOARD_SMTP_PASSWORD", ""),
        os.environ.get("DASHBOARD_SMTP_STARTTLS", "") == "1",
    )


def reminder_messages(
    session: Session, user: CurrentUser, sender: str, today: dt.date | None = None
) -> list[EmailMessage]:
    """One message per Member State with something due and an official to write to."""
    table = due.reminders(session, user, today)  # checks the permission
    names = queries.lookups(session).states
    current = due.open_round(session)
    messages = []
    for code, items in table.groupby("Member State", sort=False):
        to = items["Write to"].iloc[0]
        if "@" not in to:  # "no official registered"
            continue
        messages.append(_message(sender, to, names.get(code, code), items, current))
    return messages


def _message(sender: str, to: str, name: str, items: pd.DataFrame, current) -> EmailMessage:
    by = f" by {current.reference_date:%d %B %Y} (round '{current.name}')" if current else ""
    message = EmailMessage()
    message["From"], message["To"] = sender, ", ".join(a.strip() for a in to.split(";"))
    message["Subject"] = (
        f"HLCEG-R follow-up: {len(items)} item{'s' if len(items) != 1 else ''} due from {name}"
    )
    lines = [
        f"Dear colleague,\n\nThe follow-up of the HLCEG-R recommendations lists these items as due from "
        f"{name}{by}:\n"
    ]
    for item in items.to_dict("records"):
        deadline = f" (deadline {item['Deadline']:%d %b %Y})" if pd.notna(item["Deadline"]) else ""
        lines.append(f"- {item['Recommendation']} {item['Title']}{deadline}: {item['What is due']}")
    lines.append(
        "\nSubmit a status with its evidence on the Member State profile of the dashboard, or several at "
        "once with the Excel template; reply there to a contested status.\n\nThe secretariat"
    )
    message.set_content("\n".join(lines))
    return message


def send_reminders(
    session: Session, user: CurrentUser, settings: MailSettings, today: dt.date | None = None
) -> int:
    """E-mail every Member State's reminder; returns how many messages were sent. A server that cannot
    be reached, or refuses, is a sentence; what was sent before a failure is said and audited."""
    authorize(user, Action.MANAGE)
    messages = reminder_messages(session, user, settings.sender, today)
    sent: list[str] = []
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_S) as server:
            if settings.starttls:
                server.starttls()
            if settings.user and settings.password:
                server.login(settings.user, settings.password)
            for message in messages:
                server.send_message(message)
                sent.append(message["To"])
    except (TimeoutError, OSError, smtplib.SMTPException) as exc:
        LOG.warning("sending reminders through %s failed: %s", settings.server, exc)
        done = (
            f"{len(sent)} of {len(messages)} reminders were sent before it failed"
            if sent
            else "nothing was sent"
        )
        if sent:
            _audit(session, user, settings, sent)
            session.commit()
        raise InvalidInput(
            f"The mail server {settings.server} could not take the reminders ({type(exc).__name__}): {done}. "
            "Check the DASHBOARD_SMTP_ settings, or send the reminder workbook by hand."
        ) from None
    _audit(session, user, settings, sent)
    return len(sent)


def _audit(session: Session, user: CurrentUser, settings: MailSettings, sent: list[str]) -> None:
    audit.record(session, user, "remind", "reminder", settings.server, None, {"to": sent}, bump=False)
