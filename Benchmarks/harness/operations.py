"""The cost of metrics and access logs (`--operations`)."""

import datetime
import os
import threading
import urllib.request

from .common import (
    OPERATIONS_END, OPERATIONS_START, RESULTS, alternate_reads, comparison_rows, current_commit, free_port, machine,
    population, replace_section, start_server, stop_server, wait_until_idle
)

def measure_operations(options):
    """The cost of what operators read: the same reads on two servers over one database, one with --no-metrics
    --no-access-log, one with the metrics on and an access-log line per request (JSON, --log-level info, written to
    a file), alternating, `rounds` times each; /metrics is scraped once a second meanwhile, as Prometheus would.
    Returns {scenario: {"off": [results], "on": [results]}}."""
    database, _ = population(options.patients, options.days)
    off_port, on_port = free_port(), free_port()
    quiet = ["--statistics-max-age", "86400"]  # no refresh in the middle of a measurement
    log_path = os.path.join(RESULTS, "operations-access.log")
    with open(log_path, "w") as log:
        off = start_server(database, off_port, quiet + ["--no-metrics", "--no-access-log"])
        on = start_server(database, on_port, quiet + ["--log-level", "info", "--log-format", "json"], stdout=log)
        wait_until_idle(off.pid)
        wait_until_idle(on.pid)
        scraping = threading.Event()

        def scrape():
            while not scraping.wait(1):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{on_port}/metrics", timeout=5).read()
                except OSError:
                    pass
        scraper = threading.Thread(target=scrape, daemon=True)
        scraper.start()
        try:
            results = alternate_reads(options, off_port, on_port)
        finally:
            scraping.set()
            stop_server(off)
            stop_server(on)
    with open(log_path) as log:
        lines = sum(1 for line in log if '"message":"request"' in line)
    print(f"the access log has {lines:,} request lines", flush=True)
    return results, lines


def write_operations(path, command, measured, options):
    results, lines_logged = measured
    lines = [OPERATIONS_START, "## Metrics and access logs: their cost", "",
             f"- command: `{command}`",
             f"- commit: {current_commit()}; machine: {machine()}; {datetime.date.today().isoformat()}",
             f"- population: {options.patients:,} patients x {options.days} days; two servers over the same file: "
             "`--no-metrics --no-access-log`, and the defaults with `--log-level info --log-format json` (an access-log "
             f"line per request, written to a file: {lines_logged:,} lines) and `/metrics` scraped every second; "
             f"measured alternately (the first of each pair alternating by round), {options.auth_rounds} rounds of wrk -t{options.threads} -c{options.connections} "
             f"-d{options.duration}s each; the ratio is of the means", "",
             "| scenario | off, req/s | metrics and access log on, req/s | ratio | p99 ms off / on | target | met |",
             "|---|---:|---:|---:|---:|---|---|"]
    rows, met_all = comparison_rows(results, "off", "on", lambda name, ratio: ("≥ 90%", ratio >= 0.90))
    lines += rows
    lines.append(OPERATIONS_END)
    replace_section(path, OPERATIONS_START, OPERATIONS_END, lines)
    return met_all
