"""Bulk Data `$export` (`--export`)."""

import datetime
import json
import os
import shutil
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from .common import (
    BINARY, EXPORT_END, EXPORT_START, RESULTS, current_commit, free_port, machine, population,
    replace_section, rss_megabytes, run, start_server, stop_server, wait_until_idle
)

def export_once(port, pid, query=""):
    """One $export, kicked off and polled every 0.2 s to the end while the server's RSS is sampled; then its
    files downloaded. Returns the figures of the run."""
    base = f"http://127.0.0.1:{port}/fhir"
    request = urllib.request.Request(f"{base}/$export{query}",
                                     headers={"Prefer": "respond-async", "Accept": "application/fhir+json"})
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=30) as response:
        status_url = response.headers["Content-Location"]
    peak = 0.0
    while True:
        peak = max(peak, rss_megabytes(pid, "VmRSS"))
        try:
            with urllib.request.urlopen(status_url, timeout=30) as response:
                if response.status == 200:
                    manifest = json.loads(response.read())
                    break
        except urllib.error.HTTPError as error:
            sys.exit(f"the export failed: {error.code} {error.read()[:500]!r}")
        time.sleep(0.2)
    seconds = time.monotonic() - started
    resources = sum(output.get("count", 0) for output in manifest["output"])
    downloaded = 0
    download_started = time.monotonic()
    for output in manifest["output"]:
        with urllib.request.urlopen(output["url"], timeout=300) as response:
            while chunk := response.read(1 << 20):
                downloaded += len(chunk)
        peak = max(peak, rss_megabytes(pid, "VmRSS"))
    download_seconds = time.monotonic() - download_started
    delete = urllib.request.Request(status_url, method="DELETE")
    urllib.request.urlopen(delete, timeout=30).close()
    return {"resources": resources, "files": len(manifest["output"]), "seconds": seconds,
            "rate": resources / seconds if seconds else 0, "peak": peak, "bytes": downloaded,
            "download": download_seconds, "transactionTime": manifest["transactionTime"]}


def measure_export(options):
    """$export of the whole population, then of its laboratory results (a `_typeFilter`), then with `_since` its
    transactionTime (nothing changed): resources per second and the server's RSS while each runs."""
    database, generation = population(options.patients, options.days)
    run([BINARY, "migrate", "--database", database])
    folder = os.path.join(RESULTS, "export-files")
    shutil.rmtree(folder, ignore_errors=True)
    port = free_port()
    server = start_server(database, port, ["--statistics-max-age", "3600", "--export-folder", folder])
    rows = []
    try:
        wait_until_idle(server.pid)
        idle = rss_megabytes(server.pid, "VmRSS")
        whole = export_once(port, server.pid)
        rows.append(("every Patient and Observation (`GET /fhir/$export`)", whole))
        print(f"export: {whole['resources']:,} resources in {whole['seconds']:.1f} s ({whole['rate']:,.0f}/s), "
              f"peak RSS {whole['peak']:.0f} MB", flush=True)
        labs = export_once(port, server.pid, "?_type=Observation&_typeFilter=Observation%3Fcategory%3Dlaboratory")
        rows.append(("laboratory results (`_typeFilter=Observation?category=laboratory`)", labs))
        since = export_once(port, server.pid, "?_since=" + urllib.parse.quote(whole["transactionTime"]))
        rows.append(("nothing changed since the first (`_since` = its transactionTime)", since))
        hwm = rss_megabytes(server.pid, "VmHWM")
    finally:
        stop_server(server)
        shutil.rmtree(folder, ignore_errors=True)
    return rows, generation, idle, hwm


def write_export(path, command, measured, options):
    """Replaces the export section of the report."""
    rows, generation, idle, hwm = measured
    lines = [
        EXPORT_START,
        "## Bulk Data export",
        "",
        f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; commit: {current_commit()}",
        f"- machine: {machine()}; `nproc` = {os.cpu_count()}",
        f"- command: `{command}`",
        f"- population: {options.patients:,} patients x {options.days} days (seed 1; {generation}), SQLite; the server "
        f"idle at {idle:.0f} MB RSS after its start-up statistics refresh, VmHWM {hwm:.0f} MB at the end (the refresh "
        "included)",
        "- each export: kicked off, polled every 0.2 s to the manifest (the time below, and resources per second), "
        "the server's VmRSS sampled at each poll (peak below); then every file downloaded plain",
        "",
        "| export | resources | files | seconds | resources/s | peak RSS MB | download MB | download MB/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, result in rows:
        mb = result["bytes"] / 1e6
        speed = mb / result["download"] if result["download"] > 0 else 0
        lines.append(f"| {name} | {result['resources']:,} | {result['files']} | {result['seconds']:.1f} | "
                     f"{result['rate']:,.0f} | {result['peak']:.0f} | {mb:,.0f} | {speed:,.0f} |")
    lines.append(EXPORT_END)
    replace_section(path, EXPORT_START, EXPORT_END, lines)
