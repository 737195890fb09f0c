"""NDJSON import (`--import`): the CLI and `$import`, with the transactions beside them."""

import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

from .common import (
    BINARY, IMPORT_DAYS, IMPORT_END, IMPORT_START, LAST_DAY, OBSERVATIONS_PER_PATIENT, RESULTS, ROOT,
    current_commit, free_port, machine, replace_section, rss_megabytes, run, start_server
)

def import_export(observations):
    """A generated Bulk Data export (Patient, Observation, Encounter NDJSON) of about `observations` Observations."""
    patients = max(1, observations // OBSERVATIONS_PER_PATIENT)
    folder = os.path.join(RESULTS, f"export-{patients}x{IMPORT_DAYS}-seed7")
    if not os.path.exists(os.path.join(folder, "Encounter.ndjson")):
        run([BINARY, "generate", "--patients", str(patients), "--days", str(IMPORT_DAYS), "--seed", "7",
             "--last-day", LAST_DAY, "--format", "ndjson", "--out", folder])
    return folder


def post_import(port, files, body):
    """POSTs `files`, joined into `body` (once), to `$import` on the server at `port` and polls the job to its
    manifest. Returns (seconds from the upload's start to the manifest, the manifest)."""
    if not os.path.exists(body):
        with open(body, "wb") as out:
            for file in files:
                with open(file, "rb") as part:
                    shutil.copyfileobj(part, out)
    started = time.monotonic()
    with open(body, "rb") as data:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/fhir/$import", data=data, method="POST",
                                         headers={"Content-Type": "application/fhir+ndjson",
                                                  "Content-Length": str(os.path.getsize(body))})
        with urllib.request.urlopen(request, timeout=600) as response:
            status_url = response.headers["Content-Location"]
    while True:
        with urllib.request.urlopen(status_url, timeout=60) as response:
            if response.status == 200:
                return time.monotonic() - started, json.loads(response.read())
        time.sleep(0.2)


def measure_import(observations):
    """Imports the export with the CLI into a new database, then through $import into a new server; returns rows."""
    folder = import_export(observations)
    files = [os.path.join(folder, name) for name in ("Patient.ndjson", "Observation.ndjson", "Encounter.ndjson")]
    size = sum(os.path.getsize(file) for file in files)
    lines = sum(1 for file in files for _ in open(file, "rb"))
    rows = []
    scratch = os.path.join(RESULTS, "import-scratch")
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    try:
        database = os.path.join(scratch, "cli.sqlite")
        command = [BINARY, "import", folder, "--database", database]
        print("+ " + " ".join(command), flush=True)
        started = time.monotonic()
        importer = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        output = importer.stdout.read()
        _, status, usage = os.wait4(importer.pid, 0)
        seconds = time.monotonic() - started
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit("the import failed: " + output)
        print(output.strip(), flush=True)
        rows.append(("`health-gateway import` (CLI, straight into SQLite)", lines, size, seconds, usage.ru_maxrss / 1024,
                     output.strip()))

        port = free_port()
        server = start_server(os.path.join(scratch, "server.sqlite"), port)
        try:
            seconds, manifest = post_import(port, files, os.path.join(scratch, "export.ndjson"))
            failed = sum(output["failed"] for output in manifest["output"])
            summary = f"{manifest['lines']:,} lines, {failed:,} failed"
            rows.append(("`POST /fhir/$import` (upload, then the job; server RSS)", lines, size, seconds,
                         rss_megabytes(server.pid, "VmHWM"), summary))
            print(f"$import: {seconds:.1f} s, {summary}", flush=True)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return rows


def write_import(path, command, rows):
    """Replaces the import section of the report."""
    commit = current_commit()
    lines = [
        IMPORT_START,
        "## NDJSON import",
        "",
        f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; commit: {commit}",
        f"- machine: {machine()}; `nproc` = {os.cpu_count()}",
        f"- command: `{command}`",
        "- input: a generated Bulk Data export (`generate --format ndjson --seed 7 --days 35`), Patient, Observation "
        "and Encounter NDJSON, into a new database",
        "",
        "| path | lines | MB | seconds | resources/s | peak RSS MB | result |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, count, size, seconds, rss, result in rows:
        lines.append(f"| {name} | {count:,} | {size / 1048576:,.0f} | {seconds:.1f} | {count / seconds:,.0f} | "
                     f"{rss:.0f} | {result} |")
    lines.append(IMPORT_END)
    replace_section(path, IMPORT_START, IMPORT_END, lines)
