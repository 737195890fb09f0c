"""PostgreSQL beside SQLite, one node and two behind haproxy (`--database postgres`)."""

import datetime
import glob
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request

from .common import (
    BINARY, POSTGRES_END, POSTGRES_START, RESULTS, ROOT, TRANSACTION_ENTRIES, cpu_seconds, current_commit, ensure_command,
    free_port, machine, machine_ticks, population, replace_section, rss_megabytes, start_server, stop_server,
    wait_until_idle, wrk
)
from .imports import import_export, post_import
from .throughput import scenarios

def postgres_scenarios(patients):
    """What the PostgreSQL comparison runs: the ceiling, a read, a search, a transaction."""
    by_name = {name: (name, path, script, arguments) for name, path, script, arguments in scenarios(patients)}
    return [
        by_name["trivial route (GET /health)"],
        by_name["FHIR Patient read, JSON (GET /fhir/Patient/{id})"],
        ("FHIR Observation search (GET /fhir/Observation?code=8867-4&date=ge2026-11-01&patient={id})", "/",
         "random-user.lua", [patients, "/fhir/Observation?code=8867-4&date=ge2026-11-01&patient="]),
        by_name[f"FHIR transaction of {TRANSACTION_ENTRIES} Observations (POST /fhir)"],
    ]


def postgres_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: [int(part) for part in re.findall(r"\d+", path)])
    if not found:
        sys.exit("PostgreSQL is not installed (scripts/postgres installs it)")
    return found[-1]


def start_haproxy(ports, folder):
    """haproxy on a free port, round robin over the nodes' ports; returns (process, port)."""
    ensure_haproxy()
    port = free_port()
    config = os.path.join(folder, "haproxy.cfg")
    servers = "\n".join(f"    server node{index} 127.0.0.1:{node} check inter 1s" for index, node in enumerate(ports))
    with open(config, "w") as handle:
        handle.write(f"""global
    maxconn 1024
defaults
    mode http
    timeout connect 5s
    timeout client 120s
    timeout server 120s
frontend gateway
    bind 127.0.0.1:{port}
    default_backend nodes
backend nodes
    balance roundrobin
    option httpchk GET /ready
{servers}
""")
    process = subprocess.Popen(["haproxy", "-f", config, "-db"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=1) as response:
                if response.status == 200:
                    return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    sys.exit("haproxy did not answer within 30 s")


def ensure_haproxy():
    ensure_command("haproxy")


def import_through_server(database, files, scratch, label):
    """POSTs the export to $import on a new server over `database`; returns (seconds, lines, failed, RSS MB)."""
    port = free_port()
    server = start_server(database, port, ["--import-folder", os.path.join(scratch, f"imports-{label}")])
    try:
        seconds, manifest = post_import(port, files, os.path.join(scratch, "export.ndjson"))
        failed = sum(output["failed"] for output in manifest["output"])
        resources = sum(output["imported"] + output["updated"] + output["unchanged"] for output in manifest["output"])
        return seconds, resources, failed, rss_megabytes(server.pid, "VmHWM")
    finally:
        stop_server(server)


def measure_postgres(options):
    """SQLite beside PostgreSQL in one run: the same population (copied with migrate-data), the same
    scenarios on SQLite, on one PostgreSQL node, on one node behind haproxy and on two nodes behind it;
    then $import of a generated export into each engine. Returns the report's pieces."""
    database, generation = population(options.patients, options.days)
    cluster = os.path.join(RESULTS, "postgres-cluster")
    scratch = os.path.join(RESULTS, "postgres-scratch")
    for folder in (cluster, scratch):
        shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(scratch)
    environment = {**os.environ, "HEALTH_GATEWAY_PG_DURABLE": "1"}
    url = subprocess.run([os.path.join(ROOT, "scripts", "postgres"), "start", cluster], check=True, cwd=ROOT,
                         capture_output=True, text=True, env=environment).stdout.strip()
    base_url = url.rsplit("/", 1)[0]
    binaries = postgres_bin()
    port_of_cluster = re.search(r":(\d+)/", url).group(1)

    def createdb(name):
        subprocess.run([os.path.join(binaries, "createdb"), "-h", "127.0.0.1", "-p", port_of_cluster, "-U", "postgres",
                        name], check=True)
        return f"{base_url}/{name}"

    try:
        target = createdb("population")
        started = time.monotonic()
        copy = subprocess.run([BINARY, "migrate-data", "--from", database, "--to", target], check=True, cwd=ROOT,
                              capture_output=True, text=True)
        copy_seconds = time.monotonic() - started
        copied = int(re.search(r"copied (\d+) rows", copy.stdout).group(1))
        print(f"migrate-data: {copied:,} rows in {copy_seconds:.1f} s", flush=True)
        subprocess.run([os.path.join(binaries, "psql"), target, "-qc", "VACUUM ANALYZE"], check=True,
                       stdout=subprocess.DEVNULL)

        selected = postgres_scenarios(options.patients)
        configurations = [("SQLite, one node", [database], False), ("PostgreSQL, one node", [target], False),
                          ("PostgreSQL, one node behind haproxy", [target], True),
                          ("PostgreSQL, two nodes behind haproxy", [target, target], True)]
        results = {}
        for label, databases, balanced in configurations:
            servers, ports = [], []
            balancer = None
            try:
                for node in databases:
                    ports.append(free_port())
                    servers.append(start_server(node, ports[-1]))
                for server in servers:
                    wait_until_idle(server.pid)
                port = ports[0]
                if balanced:
                    balancer, port = start_haproxy(ports, scratch)
                wrk(port, "/health", None, [], 2, options.connections, options.threads)  # warm-up
                for name, path, script, arguments in selected:
                    # What the machine left idle and what each request cost the gateway's nodes: idle time
                    # while requests wait would be something serializing them; none left, the CPU bounds them.
                    (ticks, idle), gateway = machine_ticks(), sum(cpu_seconds(server.pid) for server in servers)
                    result = wrk(port, path, script, arguments, options.duration, options.connections, options.threads)
                    (ticks_after, idle_after) = machine_ticks()
                    result["idle"] = (idle_after - idle) / max(ticks_after - ticks, 1)
                    result["gateway_us"] = 1e6 * (sum(cpu_seconds(server.pid) for server in servers) - gateway) / max(
                        result["requests"], 1)
                    result["rss"] = sum(rss_megabytes(server.pid, "VmHWM") for server in servers)
                    results[(label, name)] = result
                    print(f"{label}: {name}: {result['rps']:,.1f} req/s, p50 {result['p50']:.2f} ms, "
                          f"p99 {result['p99']:.2f} ms, errors {result['errors']}", flush=True)
            finally:
                if balancer:
                    balancer.terminate()
                    balancer.wait(timeout=10)
                for server in servers:
                    stop_server(server)

        pinned = measure_pinned_read(database, target, cluster, selected, options)

        imports = []
        if options.import_observations:
            folder = import_export(options.import_observations)
            files = [os.path.join(folder, name) for name in ("Patient.ndjson", "Observation.ndjson", "Encounter.ndjson")]
            for label, target_database in [("SQLite", os.path.join(scratch, "import.sqlite")),
                                           ("PostgreSQL", createdb("import_http"))]:
                seconds, resources, failed, rss = import_through_server(target_database, files, scratch, label)
                imports.append((f"`POST /fhir/$import` into {label}", resources, seconds, failed, rss))
                print(f"$import into {label}: {resources:,} resources in {seconds:.1f} s "
                      f"({resources / seconds:,.0f}/s), {failed} failed", flush=True)
            cli_target = createdb("import_cli")
            started = time.monotonic()
            output = subprocess.run([BINARY, "import", folder, "--database", cli_target], check=True, cwd=ROOT,
                                    capture_output=True, text=True).stdout
            seconds = time.monotonic() - started
            lines = sum(1 for file in files for _ in open(file, "rb"))
            imports.append(("`health-gateway import` (CLI) into PostgreSQL", lines, seconds, 0, 0))
            print(f"CLI import into PostgreSQL: {lines:,} lines in {seconds:.1f} s; {output.strip()}", flush=True)
        return (results, selected, [label for label, *_ in configurations], imports, (copied, copy_seconds), generation,
                pinned)
    finally:
        subprocess.run([os.path.join(ROOT, "scripts", "postgres"), "stop", cluster], cwd=ROOT)
        shutil.rmtree(cluster, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)


def set_affinity(cluster, cpus):
    """Pins the cluster's postmaster and every process it started (new backends inherit it) to `cpus`."""
    with open(os.path.join(cluster, "data", "postmaster.pid")) as pid_file:
        postmaster = pid_file.readline().strip()
    children = subprocess.run(["pgrep", "-P", postmaster], capture_output=True, text=True).stdout.split()
    for pid in [postmaster, *children]:
        subprocess.run(["taskset", "-a", "-p", "-c", cpus, pid], check=True, stdout=subprocess.DEVNULL)


def measure_pinned_read(sqlite_database, postgres_database, cluster, selected, options):
    """The Patient read with the gateway alone on core 0 and PostgreSQL (and wrk) on core 1: the closest
    this 2-core machine comes to a database on a machine of its own. Alternates the engines twice;
    returns the mean req/s of each."""
    read = next(scenario for scenario in selected if scenario[0].startswith("FHIR Patient read"))
    _, path, script, arguments = read
    rates = {"SQLite": [], "PostgreSQL": []}
    set_affinity(cluster, "1")
    try:
        for _ in range(2):
            for engine, node in [("SQLite", sqlite_database), ("PostgreSQL", postgres_database)]:
                port = free_port()
                server = start_server(node, port, prefix=["taskset", "-c", "0"])
                try:
                    wait_until_idle(server.pid)
                    wrk(port, path, script, arguments, 2, options.connections, 1, prefix=["taskset", "-c", "1"])
                    result = wrk(port, path, script, arguments, options.duration, options.connections, 1,
                                 prefix=["taskset", "-c", "1"])
                    rates[engine].append(result["rps"])
                    print(f"pinned (gateway on core 0): {engine}: {result['rps']:,.1f} req/s", flush=True)
                finally:
                    stop_server(server)
    finally:
        set_affinity(cluster, f"0-{os.cpu_count() - 1}")
    return {engine: sum(values) / len(values) for engine, values in rates.items()}


def write_postgres(path, command, measured, options):
    results, selected, labels, imports, (copied, copy_seconds), generation, pinned = measured
    lines = [POSTGRES_START, "", "## PostgreSQL beside SQLite",
             "", f"`{command}` on {datetime.date.today().isoformat()}, {machine()}, commit {current_commit()}; "
             f"{options.patients:,} patients x {options.days} days (population {generation}); wrk "
             f"-t{options.threads} -c{options.connections} -d{options.duration}s; PostgreSQL "
             f"{os.path.basename(os.path.dirname(postgres_bin()))} on the same 2 cores (fsync on, synchronous_commit off: "
             "SQLite's synchronous=NORMAL), started by the harness. Everything (wrk, haproxy, the nodes, PostgreSQL) "
             "shares the machine's cores, so two nodes cannot add CPU here: the point of that row is that nothing "
             "serializes across nodes.",
             "", f"The population was copied into PostgreSQL with `health-gateway migrate-data`: {copied:,} rows in "
             f"{copy_seconds:.1f} s ({copied / copy_seconds:,.0f} rows/s).", "",
             "| scenario | " + " | ".join(labels) + " |", "|---|" + "---:|" * len(labels)]
    for name, *_ in selected:
        cells = []
        for label in labels:
            result = results[(label, name)]
            errors = f", {result['errors']} errors" if result["errors"] else ""
            cells.append(f"{result['rps']:,.0f} req/s (p99 {result['p99']:.1f} ms{errors})")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    read = next(name for name, *_ in selected if name.startswith("FHIR Patient read"))
    ratio = results[(labels[1], read)]["rps"] / results[(labels[0], read)]["rps"]
    lines += ["", f"PostgreSQL Patient read at {ratio:.0%} of SQLite's (target ≥ 50%)."]
    lines += [f"With the gateway alone on core 0 and PostgreSQL and wrk (-t1) on core 1, the closest this machine "
              f"comes to a database on its own host (two rounds, alternating, mean): SQLite {pinned['SQLite']:,.0f} req/s, "
              f"PostgreSQL {pinned['PostgreSQL']:,.0f} req/s: {pinned['PostgreSQL'] / pinned['SQLite']:.0%}."]
    one, both = results[(labels[2], read)], results[(labels[3], read)]
    lines += [f"Two nodes behind haproxy at {both['rps'] / one['rps']:.0%} of one node behind it, Patient read (target: not "
              f"slower). The machine idle meanwhile: {one['idle']:.1%} with one node, {both['idle']:.1%} with two; the "
              f"gateway's CPU per read: {one['gateway_us']:.0f} µs with one node, {both['gateway_us']:.0f} µs over both "
              f"with two (each node's batches of reads are half as large)."]
    if imports:
        lines += ["", "| import | resources | seconds | resources/s | failed | server peak RSS |", "|---|---:|---:|---:|---:|---:|"]
        for label, resources, seconds, failed, rss in imports:
            lines.append(f"| {label} | {resources:,} | {seconds:.1f} | {resources / seconds:,.0f} | {failed} | "
                         + (f"{rss:.0f} MB |" if rss else "– |"))
        lines += ["", "Target: NDJSON import into PostgreSQL ≥ 30,000 resources/s."]
    lines += ["", POSTGRES_END]
    replace_section(path, POSTGRES_START, POSTGRES_END, lines)
