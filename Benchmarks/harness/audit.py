"""The cost of the audit trail (`--audit`)."""

import datetime
import os
import shutil
import sqlite3

from .common import (
    AUDIT_END, AUDIT_START, alternate_reads, comparison_rows, current_commit, free_port, machine, population,
    replace_section, start_server, stop_server, wait_until_idle
)


def measure_audit(options):
    """The same reads on two servers, one with --no-audit over the population's file, one with the audit trail on
    (the default: a record per request, appended in batches every 2 s) over a copy of it, measured alternately,
    `rounds` times each. Returns ({scenario: {"off": [results], "on": [results]}}, records appended)."""
    database, _ = population(options.patients, options.days)
    audited = database.replace(".sqlite", "-audited.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(audited + suffix):
            os.remove(audited + suffix)
    with sqlite3.connect(database) as source, sqlite3.connect(audited) as target:
        source.backup(target)  # one consistent copy, WAL included
    off_port, on_port = free_port(), free_port()
    quiet = ["--statistics-max-age", "86400"]  # no refresh in the middle of a measurement
    off = start_server(database, off_port, quiet)
    on = start_server(audited, on_port, quiet, audit=True)
    wait_until_idle(off.pid)
    wait_until_idle(on.pid)
    try:
        results = alternate_reads(options, off_port, on_port)
    finally:
        stop_server(off)
        stop_server(on)  # flushes the queued records
    with sqlite3.connect(audited) as trail:
        records = trail.execute("SELECT COUNT(*) FROM audit_trail").fetchone()[0]
    print(f"the audited server appended {records:,} audit records", flush=True)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(audited + suffix):
            os.remove(audited + suffix)
    return results, records


def write_audit(path, command, measured, options):
    results, records = measured
    lines = [AUDIT_START, "## Audit trail: its cost", "",
             f"- command: `{command}`",
             f"- commit: {current_commit()}; machine: {machine()}; {datetime.date.today().isoformat()}",
             f"- population: {options.patients:,} patients x {options.days} days; two servers, `--no-audit` over the "
             "population's file and the default (a record per request, appended every 2 s in one transaction) over "
             f"a copy of it ({records:,} records appended); measured alternately (the first of each pair alternating by "
             f"round), {options.auth_rounds} rounds of wrk -t{options.threads} -c{options.connections} "
             f"-d{options.duration}s each; the ratio is of the means", "",
             "| scenario | audit off, req/s | audit on, req/s | ratio | p99 ms off / on | target | met |",
             "|---|---:|---:|---:|---:|---|---|"]
    rows, met_all = comparison_rows(results, "off", "on", lambda name, ratio: ("≥ 85%", ratio >= 0.85))
    lines += rows
    lines.append(AUDIT_END)
    replace_section(path, AUDIT_START, AUDIT_END, lines)
    return met_all
