"""FHIR search on a large population (`--search`)."""

import datetime
import json
import os
import re
import time

from .common import (
    BINARY, LAST_DAY, RESULTS, SEARCH_END, SEARCH_PAGE, SEARCH_START, current_commit, free_port, machine,
    population, replace_section, rss_megabytes, run, start_server, stop_server, wait_until_idle, wrk
)

def search_requests(database, port, count=1000):
    """The request paths of each search scenario, drawn at random (seed 1) from the population itself."""
    import random
    import sqlite3
    import urllib.parse
    rng = random.Random(1)
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    users = db.execute("SELECT max(id) FROM users").fetchone()[0]
    families = [row[0] for row in db.execute("SELECT family_name FROM users WHERE family_name IS NOT NULL "
                                             "ORDER BY random() LIMIT ?", (count,))]
    identifiers = db.execute("SELECT system, value FROM user_identifiers ORDER BY random() LIMIT ?", (count,)).fetchall()
    db.close()
    quote = lambda value: urllib.parse.quote(value, safe=":/,@")
    last = datetime.date.fromisoformat(LAST_DAY)
    codes = ["2339-0", "8867-4", "29463-7", "41950-7", "93832-4", "85354-9"]  # glucose, heart rate, weight, steps, sleep, BP
    population_values = [("2339-0", 70, 200), ("8867-4", 50, 110), ("29463-7", 50, 110)]
    scenarios = {
        "Patient?name=<prefix>": [f"/fhir/Patient?name={quote(family[:3].lower())}" for family in families],
        "Patient?identifier=<system>|<value>": [f"/fhir/Patient?identifier={quote(system)}%7C{quote(value)}"
                                                 for system, value in identifiers],
        "Patient?birthdate=ge<year>&gender=<gender>": [
            f"/fhir/Patient?birthdate=ge{rng.randint(1940, 2005)}&gender={rng.choice(['female', 'male'])}"
            for _ in range(count)],
        "Observation?patient=<id>&code=<code>&date=ge<day>": [
            f"/fhir/Observation?patient={rng.randint(1, users)}&code={rng.choice(codes)}"
            f"&date=ge{last - datetime.timedelta(days=rng.randint(3, 28))}" for _ in range(count)],
        "Observation?code=<code>&value-quantity=gt<value>&_count=100 (population-wide)": [
            f"/fhir/Observation?code={code}&value-quantity=gt{rng.randint(low, high)}&_count=100"
            for code, low, high in (rng.choice(population_values) for _ in range(count))],
        "Observation?patient.family=<family>&code=<code> (chained to the Patient)": [
            f"/fhir/Observation?patient.family={quote(family.lower())}&code={rng.choice(codes)}&_count=50"
            for family in families],
        "Patient?_has:Observation:patient:code=4548-4&..value-quantity=gt<value>&_count=50 (a cohort)": [
            f"/fhir/Patient?_has:Observation:patient:code=4548-4&_has:Observation:patient:value-quantity=gt"
            f"{rng.choice(['6.0', '6.5', '7.0', '7.5', '8.0'])}&_count=50" for _ in range(count)],
    }
    # Page 100 of population-wide searches, reached by following 99 next links (collected before the load).
    pages = []
    starts = [f"/fhir/Observation?code={code}&_count=50" for code in codes] + \
             [f"/fhir/Observation?code={code}&_sort=-date&_count=50" for code in codes[:3]] + \
             ["/fhir/Patient?_sort=family,given&_count=50", "/fhir/Patient?gender=female&_count=50"]
    for start in starts:
        path = start
        for _ in range(SEARCH_PAGE - 1):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
                bundle = json.load(response)
            url = next((link["url"] for link in bundle["link"] if link["relation"] == "next"), None)
            if url is None:
                break
            path = url[url.index("/fhir/"):]
        else:
            pages.append(path)
    scenarios[f"page {SEARCH_PAGE} of a population-wide search (through its cursor)"] = pages
    return scenarios


def measure_search(options):
    """Each search scenario at a few connections (service time) and at the configured load (throughput)."""
    database, generation = population(options.patients, options.days)
    started = time.monotonic()
    run([BINARY, "migrate", "--database", database])
    migration = time.monotonic() - started
    import sqlite3
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    observations = db.execute(
        "SELECT (SELECT count(steps) + count(distance_m) + count(active_minutes) + count(energy_kcal) FROM physical_activity)"
        " + (SELECT count(*) FROM sleep) + (SELECT count(*) FROM blood_tests) + (SELECT count(*) FROM vital_signs)").fetchone()[0]
    db.close()
    port = free_port()
    # The population statistics are refreshed at start-up and then when 5 minutes old, each time for
    # several seconds of both cores: that load is the health score's (its own section), so the search
    # figures are taken after the start-up refresh, with refreshes an hour apart.
    server = start_server(database, port, ["--statistics-max-age", "3600"])
    rows = []
    try:
        wait_until_idle(server.pid)
        requests = search_requests(database, port)
        wrk(port, "/health", None, [], 2, options.connections, options.threads)  # warm-up
        for name, paths in requests.items():
            file = os.path.join(RESULTS, "search-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] + ".txt")
            with open(file, "w") as out:
                out.write("\n".join(paths) + "\n")
            for connections in sorted({4, options.connections}):
                time.sleep(3)  # requests a stopped wrk left in flight finish before the next measurement
                result = wrk(port, "/", "paths.lua", [file], options.duration, connections, min(options.threads, connections))
                result["rss"] = rss_megabytes(server.pid, "VmHWM")
                rows.append((name, connections, len(paths), result))
                print(f"{name} at {connections} connections: {result['rps']:,.1f} req/s, p50 {result['p50']:.2f} ms, "
                      f"p99 {result['p99']:.2f} ms, errors {result['errors']}", flush=True)
    finally:
        stop_server(server)
    return rows, observations, generation, migration


def write_search(path, command, rows, patients, observations, generation, migration):
    """Replaces the search section of the report."""
    commit = current_commit()
    lines = [
        SEARCH_START,
        "## FHIR search",
        "",
        f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; commit: {commit}",
        f"- machine: {machine()}; `nproc` = {os.cpu_count()}",
        f"- command: `{command}`",
        f"- population: {patients:,} patients, {observations:,} Observations (seed 1; {generation}); "
        f"`migrate` before the run: {migration:.1f} s (0.1 s when the file already has the search keys)",
        "- each scenario: its request paths drawn at random from the population (the `paths` column), wrk picking "
        "one at random per request (`Benchmarks/scenarios/paths.lua`), at 4 connections (service time) and at the "
        "full load; the server started with `--statistics-max-age 3600` and measured once its start-up statistics "
        "refresh was done (that load belongs to the health score)",
        "",
        "| search | connections | paths | req/s | p50 ms | p99 ms | requests | errors | peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, connections, paths, result in rows:
        errors = f"**{result['errors']}**" if result["errors"] else "0"
        cell = "`" + name.replace("|", "\\|") + "`" if name.startswith(("Patient", "Observation")) else name
        lines.append(f"| {cell} | {connections} | {paths:,} | {result['rps']:,.0f} | {result['p50']:.2f} | "
                     f"{result['p99']:.2f} | {result['requests']:,} | {errors} | {result['rss']:.0f} |")
    lines.append(SEARCH_END)
    replace_section(path, SEARCH_START, SEARCH_END, lines)
