"""Latest status per (recommendation, Member State) as of a date, over 1,000,000 assessment rows.

Run: make bench-latest  (or .venv/bin/python -m bench.bench_latest [--postgres URL]).
Target: ``tracking.latest_statuses`` <= 300 ms on SQLite and on PostgreSQL.

The database holds the 27 Member States, 60 recommendations and 1,000,000 assessments: 1,620
pairs with ~617 dated statuses each, spread over 2017-2026. The as-of date sits in the middle of
the history, so every pair's answer needs the index to skip the later rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa

from bench.register import LEVELS, seed_register
from dashboard.monitoring.queries import latest_statuses
from dashboard.store.db import make_engine, migrate, session_scope
from dashboard.store.models import ImplementationAssessment, MemberState, Recommendation

ROWS, RECOMMENDATIONS, REPEAT = 1_000_000, 60, 15
AS_OF = dt.date(2022, 6, 30)
START = dt.date(2017, 1, 1)


def _fill(engine: sa.Engine) -> int:
    with session_scope(engine) as session:
        seed_register(session, RECOMMENDATIONS, START)
    with engine.connect() as connection:
        recs = connection.scalars(sa.select(Recommendation.id)).all()
        states = connection.scalars(sa.select(MemberState.code).where(MemberState.member_to.is_(None))).all()
    pairs = [(r, s) for r in recs for s in states]
    rng = np.random.default_rng(2017)
    pair_of_row = rng.integers(0, len(pairs), ROWS)
    days = rng.integers(0, (dt.date(2026, 11, 1) - START).days, ROWS)
    levels = rng.integers(0, len(LEVELS), ROWS)
    table = ImplementationAssessment.__table__
    now = dt.datetime.now(dt.UTC)
    chunk = 50_000
    for lo in range(0, ROWS, chunk):
        rows = [
            {
                "recommendation_id": pairs[p][0],
                "member_state_code": pairs[p][1],
                "assessed_on": START + dt.timedelta(days=int(d)),
                "status": LEVELS[int(v)],
                "evidence": "",
                "recorded_at": now,
                "illustrative": True,
            }
            for p, d, v in zip(
                pair_of_row[lo : lo + chunk], days[lo : lo + chunk], levels[lo : lo + chunk], strict=True
            )
        ]
        with engine.begin() as connection:
            connection.execute(table.insert(), rows)
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")  # fresh statistics, as autovacuum would give
        return connection.scalar(sa.select(sa.func.count()).select_from(table))


def _time(engine: sa.Engine) -> tuple[float, float, int]:
    times = []
    with session_scope(engine) as session:
        frame = latest_statuses(session, AS_OF)  # warm-up
        for _ in range(REPEAT):
            start = time.perf_counter()
            frame = latest_statuses(session, AS_OF)
            times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times), max(times), len(frame)


def _check(engine: sa.Engine) -> None:
    """The query's answer equals the latest row per pair computed in pandas from every row."""
    a = ImplementationAssessment
    with engine.connect() as connection:
        rows = pd.DataFrame(
            connection.execute(
                sa.select(Recommendation.code, a.member_state_code, a.assessed_on, a.id, a.status)
                .join(Recommendation)
                .where(a.assessed_on <= AS_OF)
            ).all(),
            columns=["recommendation", "member_state", "assessed_on", "id", "status"],
        )
    expected = rows.sort_values(["assessed_on", "id"]).groupby(["recommendation", "member_state"]).tail(1)
    with session_scope(engine) as session:
        got = latest_statuses(session, AS_OF)
    merged = got.merge(expected, on=["recommendation", "member_state"], suffixes=("", "_expected"))
    assert len(merged) == len(got) == len(expected), (len(merged), len(got), len(expected))
    assert (merged["status"] == merged["status_expected"]).all()
    assert (merged["assessed_on"] == merged["assessed_on_expected"]).all()


def _run(name: str, url: str) -> None:
    engine = make_engine(url)
    migrate(engine)
    start = time.perf_counter()
    rows = _fill(engine)
    filled = time.perf_counter() - start
    median, worst, pairs = _time(engine)
    _check(engine)
    engine.dispose()
    print(
        f"| {name} | {rows:,} | {pairs:,} | {median:.0f} ms | {worst:.0f} ms | "
        f"{'met' if median <= 300 else 'NOT MET'} | (filled in {filled:.0f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database may get a scratch schema")
    args = parser.parse_args()
    print(
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, {dt.date.today()}"
    )
    print("| database | assessment rows | pairs returned | median | slowest | ≤ 300 ms |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        _run("SQLite", f"sqlite:///{Path(folder) / 'bench.db'}")
    if args.postgres:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(args.postgres)
        with admin.begin() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
        try:
            url = sa.make_url(args.postgres).update_query_dict({"options": f"-csearch_path={schema}"})
            _run("PostgreSQL", url.render_as_string(hide_password=False))
        finally:
            with admin.begin() as connection:
                connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
            admin.dispose()


if __name__ == "__main__":
    main()
