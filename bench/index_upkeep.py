"""What the indexes of the escalations and participations cost the writer, and how much each
is read, on a database bench/pages.py built (or a copy of a real one): for a review of which
indexes pay for themselves.

The write measured is the one every event that moves an escalation makes: its row's next
deadline (and version) and its participants' copies, as ``services.append_event`` does. It
is timed in batches with every index there and with a group of indexes dropped (all that are
neither unique nor a primary key; each table's; those named with ``--group``), each batch
next to one with every index, the order turned about each round (the writes slow as a run
goes on, by more than one index costs), on escalations of its own (a row updated again and
again gets slower to update, even in transactions rolled back), in a transaction that is
rolled back: nothing is changed, and a dropped index is back at once, though its table is
locked while it is gone: never run this on a live database. One index's cost is below what
this can tell apart from noise on a shared machine; a group's is not.

Each index's ``scans`` is PostgreSQL's count of reads of it since its statistics were last
reset: on a copy of a live database, an index read by nothing is a candidate to drop.

    .venv/bin/python bench/index_upkeep.py [--batch 200] [--rounds 9] [--group a,b,...]

BENCH_DATABASE_URL picks the database (default: bench/pages.py's).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Iterator

import psycopg

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/escalate_pages")
TABLES = ("escalations_escalation", "escalations_participant")
MOVE = (
    "UPDATE escalations_escalation SET next_deadline = next_deadline + interval '1 minute',"
    " version = version + 1 WHERE id = %s",
    "UPDATE escalations_participant SET next_deadline = next_deadline + interval '1 minute'"
    " WHERE escalation_id = %s",
)


def droppable(conn: psycopg.Connection) -> list[tuple[str, str, int, int]]:
    """(table, index, scans, bytes) for every index that is neither unique nor a primary key."""
    rows = conn.execute(
        "SELECT s.relname, s.indexrelname, s.idx_scan, pg_relation_size(s.indexrelid)"
        " FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid"
        " WHERE s.relname = ANY(%s) AND NOT i.indisunique AND NOT i.indisprimary"
        " ORDER BY s.relname, s.idx_scan",
        [list(TABLES)],
    ).fetchall()
    return [(table, index, scans, size) for table, index, scans, size in rows]


def moved(conn: psycopg.Connection, ids: list[int], without: list[str]) -> float:
    """ms per escalation moved, ``without`` those indexes, in a transaction rolled back."""
    with conn.transaction(force_rollback=True):
        for index in without:
            conn.execute(f'DROP INDEX "{index}"')
        start = time.perf_counter()
        for pk in ids:
            for statement in MOVE:
                conn.execute(statement, [pk])
        return (time.perf_counter() - start) * 1000 / len(ids)


def batches(conn: psycopg.Connection, size: int, count: int) -> Iterator[list[int]]:
    """``count`` batches of ``size`` open escalations with a deadline, none twice."""
    ids = [
        pk
        for (pk,) in conn.execute(
            "SELECT id FROM escalations_escalation WHERE status = 'open'"
            " AND next_deadline IS NOT NULL ORDER BY id LIMIT %s",
            [size * count],
        )
    ]
    if len(ids) < size * count:
        raise SystemExit(
            f"{len(ids):,} open escalations here, {size * count:,} needed: run bench/pages.py"
            " first, or ask for a smaller --batch or fewer --rounds."
        )
    for start in range(0, size * count, size):
        yield ids[start : start + size]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", type=int, default=200, help="escalations moved a batch")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--group", default="", help="indexes to drop together, comma-separated")
    options = parser.parse_args()
    with psycopg.connect(URL, autocommit=True) as conn:
        indexes = droppable(conn)
        groups = {"every index above": [index for _, index, _, _ in indexes]}
        for table in TABLES:
            groups[f"{table}'s"] = [index for t, index, _, _ in indexes if t == table]
        if options.group:
            groups["--group"] = options.group.split(",")
        fresh = batches(conn, options.batch, 2 * len(groups) * options.rounds + 1)
        moved(conn, next(fresh), [])  # warm the tables' pages
        every: list[float] = []
        saved: dict[str, list[float]] = {name: [] for name in groups}
        for round_ in range(options.rounds):
            for name, group in groups.items():
                if round_ % 2:
                    without = moved(conn, next(fresh), group)
                    with_all = moved(conn, next(fresh), [])
                else:
                    with_all = moved(conn, next(fresh), [])
                    without = moved(conn, next(fresh), group)
                every.append(with_all)
                saved[name].append(with_all - without)
    print("| table | index | scans | size |")
    print("| --- | --- | ---: | ---: |")
    for table, index, scans, size in indexes:
        print(f"| {table} | {index} | {scans:,} | {size / 2**20:.1f} MB |")
    base = statistics.median(every)
    print(f"\nAn escalation moved (its row and its participants'), {options.batch} a batch:")
    print(f"  with every index: {base:.3f} ms (median of {len(every)} batches)")
    for name, group in groups.items():
        cost = statistics.median(saved[name])
        print(
            f"  without {name} ({len(group)}): {cost:.3f} ms less ({cost / base:.0%}),"
            f" median of {options.rounds} pairs"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
