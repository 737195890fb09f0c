"""Lenient transactions of real-sized EHR Bundles (`--ehr-bundles`)."""

import datetime
import json
import os
import shutil
import time
import urllib.error
import urllib.request

from .common import (
    BINARY, EHR_DAYS, EHR_END, EHR_START, LAST_DAY, RESULTS, current_commit, free_port, machine,
    replace_section, rss_megabytes, run, start_server, stop_server
)

def ehr_bundle_file(patients):
    """Generated EHR transaction Bundles, one per patient per line, 80% of their entries resources the gateway
    does not map (encounters, conditions, claims, explanations of benefit, ...)."""
    path = os.path.join(RESULTS, f"ehr-bundles-{patients}x{EHR_DAYS}-seed11-unmapped80.ndjson")
    if not os.path.exists(path):
        partial = path + ".partial"
        run([BINARY, "generate", "--patients", str(patients), "--days", str(EHR_DAYS), "--seed", "11", "--last-day",
             LAST_DAY, "--format", "bundles", "--unmapped-share", "0.8", "--out", partial])
        os.rename(partial, path)
    return path


def post_bundle(port, body):
    """POSTs a transaction Bundle with Prefer: handling=lenient; returns the status and the response's entry count."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}/fhir", data=body, method="POST",
                                     headers={"Content-Type": "application/fhir+json", "Prefer": "handling=lenient",
                                              "Content-Length": str(len(body))})
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return response.status, response.read().count(b'"response":')  # the client's work stays small
    except urllib.error.HTTPError as error:
        return error.code, 0


def measure_ehr_bundles(patients):
    """Posts the Bundles back to back into a new server, then one Bundle of about 60 MiB, pretty-printed as EHRs
    export it, into another: entries per second, and the server's peak RSS over its RSS when idle."""
    path = ehr_bundle_file(patients)
    with open(path, "rb") as file:
        bundles = file.read().splitlines()
    entries = sum(bundle.count(b'"request":') for bundle in bundles)
    unmapped = entries - sum(bundle.count(b'"url":"Observation"') + bundle.count(b'"url":"Patient"') for bundle in bundles)
    size = sum(len(bundle) for bundle in bundles)
    scratch = os.path.join(RESULTS, "ehr-scratch")
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    rows = []
    try:
        port = free_port()
        server = start_server(os.path.join(scratch, "stream.sqlite"), port)
        try:
            idle = rss_megabytes(server.pid, "VmRSS")
            failures = 0
            started = time.monotonic()
            for bundle in bundles:
                status, answered = post_bundle(port, bundle)
                failures += status != 200
            seconds = time.monotonic() - started
            peak = rss_megabytes(server.pid, "VmHWM")
            rows.append((f"{len(bundles)} Bundles back to back, as generated (compact JSON)", len(bundles), entries, unmapped,
                         size, seconds, idle, peak, failures))
            print(f"{len(bundles)} Bundles, {entries:,} entries in {seconds:.1f} s: {entries / seconds:,.0f} entries/s, "
                  f"RSS idle {idle:.0f} MB, peak {peak:.0f} MB, {failures} failed", flush=True)
        finally:
            stop_server(server)

        parts = []  # whole patients' entries, until the pretty-printed Bundle is about 60 MiB (under the 64 MiB limit)
        body = b""
        for bundle in bundles:
            parts.append(json.loads(bundle)["entry"])
            candidate = json.dumps({"resourceType": "Bundle", "type": "transaction",
                                    "entry": [entry for part in parts for entry in part]}, indent=2).encode()
            if len(candidate) > 62 * 1048576:
                break
            body = candidate
            if len(body) > 56 * 1048576:
                break
        big_entries = json.loads(body)["entry"]
        port = free_port()
        server = start_server(os.path.join(scratch, "big.sqlite"), port)
        try:
            idle = rss_megabytes(server.pid, "VmRSS")
            started = time.monotonic()
            status, answered = post_bundle(port, body)
            seconds = time.monotonic() - started
            peak = rss_megabytes(server.pid, "VmHWM")
            big_unmapped = sum(1 for entry in big_entries if entry["resource"]["resourceType"] not in ("Patient", "Observation"))
            rows.append((f"one Bundle of {len(body) / 1048576:.0f} MiB, pretty-printed", 1, len(big_entries), big_unmapped,
                         len(body), seconds, idle, peak, int(status != 200)))
            print(f"one Bundle of {len(body) / 1048576:.1f} MiB, {len(big_entries):,} entries: status {status} in "
                  f"{seconds:.1f} s, RSS idle {idle:.0f} MB, peak {peak:.0f} MB", flush=True)
        finally:
            stop_server(server)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return rows


def write_ehr_bundles(path, command, rows, patients):
    """Replaces the EHR Bundles section of the report."""
    lines = [
        EHR_START,
        "## Lenient transactions of EHR Bundles",
        "",
        f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; commit: {current_commit()}",
        f"- machine: {machine()}; `nproc` = {os.cpu_count()}",
        f"- command: `{command}`",
        f"- input: `generate --patients {patients} --days {EHR_DAYS} --seed 11 --format bundles --unmapped-share 0.8`: one "
        "transaction Bundle per patient, 80% of the entries Encounters, Conditions, Procedures, DiagnosticReports, "
        "MedicationRequests, Immunizations, Claims and ExplanationsOfBenefit; posted with `Prefer: handling=lenient`, "
        "one at a time, into a new database; peak RSS is the server's VmHWM, idle its RSS before the first Bundle",
        "",
        "| what | Bundles | entries | of them unmapped | MB | seconds | entries/s | RSS idle MB | peak RSS MB | failed |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, count, entries, unmapped, size, seconds, idle, peak, failures in rows:
        lines.append(f"| {name} | {count:,} | {entries:,} | {unmapped:,} | {size / 1048576:,.1f} | {seconds:.1f} | "
                     f"{entries / seconds:,.0f} | {idle:.0f} | {peak:.0f} | {failures} |")
    lines.append(EHR_END)
    replace_section(path, EHR_START, EHR_END, lines)
