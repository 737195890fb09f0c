"""The main table (`Benchmarks/run`, `--sizes`): every HTTP scenario against one population, and the table across population sizes."""

import datetime
import json
import os
import re
import signal
import subprocess
import time
import urllib.request

from .common import (
    IMPORT_END, IMPORT_START, LAST_DAY, NOTES_MARKER, RESULTS, ROOT, SCALING_END, SCALING_START, SCORE_WARMUP,
    SEARCH_END, SEARCH_START, TRANSACTION_ENTRIES, current_commit, free_port, machine, population,
    replace_section, rss_megabytes, start_server, wait_until_idle, wrk
)

def scenarios(patients):
    """(name, path or None, lua script or None, script arguments). The first is the ceiling."""
    return [
        ("trivial route (GET /health)", "/health", None, []),
        ("native user read (GET /api/v1/users/{id})", "/", "random-user.lua", [patients, "/api/v1/users/"]),
        ("native month of activity (GET /api/v1/users/{id}/activities?limit=31)", "/", "random-user.lua",
         [patients, "/api/v1/users/", "/activities?limit=31"]),
        ("native measurement create (POST /api/v1/users/{id}/vitals)", "/", "random-user.lua",
         [patients, "/api/v1/users/", "/vitals", "POST", "application/json",
          '{"measured_at":"2026-11-01T07:00:00Z","kind":"heart_rate","value":64,"source":"bench"}']),
        ("native user update (PATCH /api/v1/users/{id})", "/", "random-user.lua",
         [patients, "/api/v1/users/", "", "PATCH", "application/merge-patch+json", '{"phone":"+41 44 555 01 02"}']),
        ("FHIR Patient read, JSON (GET /fhir/Patient/{id})", "/", "random-user.lua", [patients, "/fhir/Patient/"]),
        ("FHIR Patient read, XML (GET /fhir/Patient/{id}?_format=xml)", "/", "random-user.lua",
         [patients, "/fhir/Patient/", "?_format=xml"]),
        ("FHIR Observation read, JSON (GET /fhir/Observation/vital-{id})", "/", "random-user.lua",
         [patients, "/fhir/Observation/vital-"]),
        ("FHIR health score (GET /fhir/Patient/{id}/$health-score)", "/", "random-user.lua",
         [patients, "/fhir/Patient/", "/$health-score?asOf=" + LAST_DAY]),
        ("native health score (GET /get_health_score?user_id={id})", "/", "random-user.lua",
         [patients, "/get_health_score?user_id=", "&asOf=" + LAST_DAY]),
        (f"FHIR transaction of {TRANSACTION_ENTRIES} Observations (POST /fhir)", "/fhir", "post-file.lua",
         [transaction_bundle(), "application/fhir+json"]),
    ]


def transaction_bundle():
    """A transaction Bundle of Observations of patient 1 (heart rate, glucose, weight in turn, one a minute on
    2025-06-01, outside the periods the score scenarios read), written to Benchmarks/results/; every POST
    of it creates new rows."""
    path = os.path.join(RESULTS, f"transaction-{TRANSACTION_ENTRIES}.json")
    entries = []
    for index in range(TRANSACTION_ENTRIES):
        time = (datetime.datetime(2025, 6, 1, 6, 0, tzinfo=datetime.timezone.utc)
                + datetime.timedelta(minutes=index)).strftime("%Y-%m-%dT%H:%M:%SZ")
        code, unit, value = [("8867-4", "/min", 60 + index % 30), ("2339-0", "mg/dL", 80 + index % 40),
                             ("29463-7", "kg", 70 + index % 10)][index % 3]
        entries.append({"request": {"method": "POST", "url": "Observation"}, "resource": {
            "resourceType": "Observation", "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
            "subject": {"reference": "Patient/1"}, "effectiveDateTime": time,
            "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit}}})
    os.makedirs(RESULTS, exist_ok=True)
    with open(path, "w") as bundle:
        json.dump({"resourceType": "Bundle", "type": "transaction", "entry": entries}, bundle)
    return path


def write_report(path, command, rows, patients, days, generation, peak_rss, settings, first_score):
    commit = current_commit()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "Sources"], cwd=ROOT, capture_output=True, text=True).stdout
    ceiling = rows[0][1]["rps"]
    lines = [
        "# Benchmarks",
        "",
        "Produced by `Benchmarks/run` (see README, \"Benchmarks\"): the release build, a generated population,",
        "the server on it, and wrk driving each scenario from a separate process over loopback.",
        "",
        f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- commit: {commit}{' (with uncommitted changes in Sources/)' if dirty else ''}",
        f"- machine: {machine()}; `nproc` = {os.cpu_count()}",
        f"- command: `{command}`",
        f"- load: wrk {settings}",
        f"- population: {patients:,} users x {days} days (seed 1), {generation}",
        f"- peak RSS of the server over the whole run: {peak_rss:.0f} MB (the column is the high-water mark after each scenario)",
        "",
        "| scenario | population | req/s | vs trivial | p50 ms | p99 ms | requests | errors | peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, result in rows:
        errors = f"**{result['errors']}**" if result["errors"] else "0"
        lines.append(f"| {name} | {patients:,} | {result['rps']:,.0f} | {result['rps'] / ceiling:.0%} | "
                     f"{result['p50']:.2f} | {result['p99']:.2f} | {result['requests']:,} | {errors} | {result['rss']:.0f} |")
    if any(result["errors"] for _, result in rows):
        lines += ["", "**This run had errors** (non-2xx responses or socket errors): its figures do not count."]
    for name, result in rows:
        if "transaction of" in name:
            lines += ["", f"Transactions: {result['rps'] * TRANSACTION_ENTRIES:,.0f} resources/s "
                          f"({result['rps']:,.1f} Bundles/s of {TRANSACTION_ENTRIES} entries)."]
    if first_score is not None:
        lines += ["", f"The health-score population statistics of the period asked for were computed by the first "
                      f"score request, before the load: {first_score:.2f} s for {patients:,} patients (a full refresh)."]
    scaling, imports, notes = kept_sections(path)
    with open(path, "w") as report:
        report.write("\n".join(lines) + "\n" + scaling + imports + notes)


def kept_sections(path):
    """The scaling, import and search sections and the hand-written notes of the report at `path`, which a new run keeps."""
    if not os.path.exists(path):
        return "", "", ""
    with open(path) as previous:
        text = previous.read()

    def section(start, end):
        return "\n" + text[text.index(start):text.index(end) + len(end)] + "\n" if start in text and end in text else ""

    notes = "\n" + text[text.index(NOTES_MARKER):] if NOTES_MARKER in text else ""
    return (section(SCALING_START, SCALING_END), section(IMPORT_START, IMPORT_END) + section(SEARCH_START, SEARCH_END),
            notes)


def write_scaling(path, command, results, days, settings):
    """Replaces the scaling section of the report: each scenario at each population size."""
    commit = current_commit()
    lines = [
        SCALING_START,
        "## Across population sizes",
        "",
        f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; commit: {commit}",
        f"- machine: {machine()}; `nproc` = {os.cpu_count()}",
        f"- command: `{command}`",
        f"- load: wrk {settings}; populations of {days} days (seed 1)",
        "",
        "| scenario | population | req/s | vs trivial | p50 ms | p99 ms | requests | errors | peak RSS MB | statistics refresh s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for patients, rows, first_score in results:
        ceiling = rows[0][1]["rps"]
        for name, result in rows:
            errors = f"**{result['errors']}**" if result["errors"] else "0"
            refresh = f"{first_score:.2f}" if first_score is not None and "health score" in name else ""
            lines.append(f"| {name} | {patients:,} | {result['rps']:,.0f} | {result['rps'] / ceiling:.0%} | "
                         f"{result['p50']:.2f} | {result['p99']:.2f} | {result['requests']:,} | {errors} | "
                         f"{result['rss']:.0f} | {refresh} |")
    lines.append(SCALING_END)
    replace_section(path, SCALING_START, SCALING_END, lines)


def measure(patients, days, options):
    """Runs the selected scenarios on one population; returns (rows, peak RSS, generation note, first score s)."""
    database, generation = population(patients, days)
    port = free_port()
    server = start_server(database, port)
    # The server computes the population statistics of today's window as it starts (about 12 s of both
    # cores on 100,000 patients): a scenario run meanwhile, the trivial route first, would measure that.
    wait_until_idle(server.pid)
    rows = []
    selected = [scenario for index, scenario in enumerate(scenarios(patients))
                if index == 0 or re.search(options.only, scenario[0])]
    first_score = None
    try:
        wrk(port, "/health", None, [], 2, options.connections, options.threads)  # warm-up
        if any("health score" in name for name, *_ in selected):
            started = time.monotonic()  # the first score computes the population statistics of its period
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{SCORE_WARMUP}", timeout=600) as response:
                response.read()
            first_score = time.monotonic() - started
            print(f"first health score (computes the population statistics): {first_score:.2f} s", flush=True)
        for name, path, script, arguments in selected:
            result = wrk(port, path, script, arguments, options.duration, options.connections, options.threads)
            result["rss"] = rss_megabytes(server.pid, "VmHWM")
            rows.append((name, result))
            print(f"{name} ({patients:,} patients): {result['rps']:,.1f} req/s, p50 {result['p50']:.2f} ms, "
                  f"p99 {result['p99']:.2f} ms, errors {result['errors']}", flush=True)
        peak_rss = rss_megabytes(server.pid, "VmHWM")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return rows, peak_rss, generation, first_score
