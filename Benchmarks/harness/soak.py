"""Mixed load for minutes with an import (`--soak`)."""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import threading
import urllib.request

from .common import (
    BINARY, IMPORT_DAYS, LAST_DAY, RESULTS, RSS_KINDS, SCORE_WARMUP, SOAK_END, SOAK_START, current_commit,
    free_port, machine, population, replace_section, rss_fields, run, start_server, stop_server,
    wait_until_idle, wrk
)
from .throughput import transaction_bundle

def soak_import_file():
    """A Bulk Data export of 500 patients (about 86,000 lines) for the soak's import; cached."""
    path = os.path.join(RESULTS, "soak-import.ndjson")
    if not os.path.exists(path):
        folder = os.path.join(RESULTS, "soak-import")
        run([BINARY, "generate", "--patients", "500", "--days", str(IMPORT_DAYS), "--seed", "9", "--last-day", LAST_DAY,
             "--format", "ndjson", "--out", folder], stdout=subprocess.DEVNULL)
        with open(path + ".partial", "wb") as out:
            for name in ["Patient.ndjson"] + sorted(n for n in os.listdir(folder) if n != "Patient.ndjson"):
                with open(os.path.join(folder, name), "rb") as part:
                    shutil.copyfileobj(part, out)
        os.replace(path + ".partial", path)
        shutil.rmtree(folder)
    return path


def measure_soak(options):
    """Mixed load for options.soak seconds, a minute at a time, with an import started at its beginning; per
    minute the requests, errors, p50, p99 and the server's RSS. Runs on a copy of the population."""
    source, generation = population(options.patients, options.days)
    database = os.path.join(RESULTS, "soak.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(database + suffix):
            os.remove(database + suffix)
    shutil.rmtree(database + ".imports", ignore_errors=True)
    with sqlite3.connect(source) as original, sqlite3.connect(database) as copy:
        original.backup(copy)  # consistent, with the source's write-ahead log
    imports = soak_import_file()
    port = free_port()
    # The statistics' refresh interval is the server's default unless --soak-statistics-max-age says otherwise
    # (30 s made every minute refresh; it also made one request in ten minutes take over wrk's 2 s timeout).
    server = start_server(database, port, ["--statistics-max-age", str(options.soak_statistics_max_age)])
    pid = server.pid
    wait_until_idle(pid)
    urllib.request.urlopen(f"http://127.0.0.1:{port}{SCORE_WARMUP}", timeout=300).read()
    with open(imports, "rb") as body:
        kickoff = urllib.request.Request(f"http://127.0.0.1:{port}/fhir/$import", data=body.read(), method="POST",
                                         headers={"Content-Type": "application/fhir+ndjson", "Prefer": "respond-async"})
    status_url = urllib.request.urlopen(kickoff, timeout=300).headers["Content-Location"]
    minutes = []
    died = None
    try:
        for minute in range(1, max(1, options.soak // 60) + 1):
            samples, kinds, done = [], [], threading.Event()

            def sample():
                while not done.wait(5):
                    total, *parts = rss_fields(pid, ("VmRSS",) + RSS_KINDS)
                    samples.append(total)
                    kinds.append(parts)

            sampler = threading.Thread(target=sample)
            sampler.start()
            try:
                result = wrk(port, "/", "mixed.lua", [options.patients, transaction_bundle(), LAST_DAY], 60,
                             options.soak_connections, options.threads)
            finally:
                done.set()
                sampler.join()
            if server.poll() is not None:
                print(f"the server stopped during minute {minute} (status {server.returncode})", flush=True)
                died = minute
                break
            total, *parts = rss_fields(pid, ("VmRSS",) + RSS_KINDS)
            samples.append(total)
            kinds.append(parts)
            # RSS sampled every 5 s: a refresh's transient allocations show in the highest sample, growth in the mean.
            result["rss"], result["rss_max"] = sum(samples) / len(samples), max(samples)
            # What the memory is: the heap and other private memory, mapped files, shared memory (SQLite's -shm).
            result["rss_kinds"] = [sum(k[i] for k in kinds) / len(kinds) for i in range(len(RSS_KINDS))]
            minutes.append(result)
            print(f"minute {minute}: {result['rps']:.0f} req/s, {result['errors']} errors, p99 {result['p99']:.2f} ms, "
                  f"RSS {result['rss']:.0f} MB (highest {result['rss_max']:.0f}; anonymous / file / shared "
                  f"{' / '.join(f'{value:.0f}' for value in result['rss_kinds'])})", flush=True)
        job = {"status": "not polled: the server stopped"}
        if died is None:
            with urllib.request.urlopen(status_url, timeout=60) as response:
                job = json.loads(response.read()) if response.status == 200 else {"status": f"still running ({response.status})"}
    finally:
        if server.poll() is None:
            stop_server(server)
    restarts = 0 if died is None else 1  # one process must serve every minute; a death ends the soak
    return minutes, job, restarts, generation


def write_soak(path, command, minutes, job, restarts, options):
    first = minutes[0]
    growth = max(m["rss"] for m in minutes[1:]) / first["rss"] - 1 if len(minutes) > 1 else 0
    peak = max(m["rss_max"] for m in minutes)
    worst = max(m["p99"] for m in minutes) / first["p99"]
    errors = sum(m["errors"] for m in minutes)
    imported = sum(o["imported"] for o in job.get("output", [])) if isinstance(job.get("output"), list) else 0
    verdicts = [
        ("errors", f"{errors}", errors == 0),
        ("restarts", f"{restarts}", restarts == 0),
        ("RSS growth after the first minute (the highest minute's mean RSS against the first's)",
         f"{growth * 100:+.1f}% (highest sample {peak:.0f} MB)", growth < 0.10),
        ("worst minute's p99 / first minute's p99", f"{worst:.2f}", worst <= 2.0),
        ("the import during the soak", f"{job.get('status')}, {imported:,} resources", job.get("status") == "completed"),
    ]
    lines = [SOAK_START, "## Soak: mixed load for 10 minutes", "",
             f"- command: `{command}`",
             f"- commit: {current_commit()}; machine: {machine()}; {datetime.date.today().isoformat()}",
             f"- population: {options.patients:,} patients x {options.days} days (a copy; the soak writes to it); "
             f"wrk -t{options.threads} -c{options.soak_connections}, one wrk run per minute; the server runs with "
             f"`--statistics-max-age {options.soak_statistics_max_age}`: population statistics are refreshed every "
             f"{options.soak_statistics_max_age} s",
             "- mix per request (Benchmarks/scenarios/mixed.lua): 30% Patient read, 12% Observation search by patient, "
             "8% native month of activity, 6% Patient search by name, 10% $health-score, 14% native vital create, "
             "10% native user PATCH, 7% Observation read, 3% transaction of 100 Observations; plus an $import of "
             "86,000 lines started with the first minute", "",
             "| minute | requests | req/s | errors | p50 ms | p99 ms | server RSS MB, mean (highest) of 5 s samples "
             "| of which anonymous / file / shared memory, MB |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for index, m in enumerate(minutes, 1):
        kinds = " / ".join(f"{value:.0f}" for value in m["rss_kinds"])
        lines.append(f"| {index} | {m['requests']:,} | {m['rps']:,.0f} | {m['errors']} | {m['p50']:.2f} | {m['p99']:.2f} | "
                     f"{m['rss']:.0f} ({m['rss_max']:.0f}) | {kinds} |")
    lines += ["", "| target | measured | met |", "|---|---|---|"]
    lines += [f"| {name} | {value} | {'yes' if met else '**no**'} |" for name, value, met in verdicts]
    lines.append(SOAK_END)
    replace_section(path, SOAK_START, SOAK_END, lines)
    return all(met for *_, met in verdicts)
