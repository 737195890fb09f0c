"""Shared by every scenario family: paths, report markers, processes (the server, wrk), machine facts
and the report's sections."""

import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request


ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


RESULTS = os.path.join(ROOT, "Benchmarks", "results")


SCENARIOS = os.path.join(ROOT, "Benchmarks", "scenarios")


BINARY = os.path.join(ROOT, ".build", "release", "health-gateway")


LAST_DAY = "2026-11-15"  # fixed, so a cached population is the same population


NOTES_MARKER = "<!-- notes: kept by Benchmarks/run -->"


SCALING_START = "<!-- scaling: written by Benchmarks/run --sizes -->"


SCALING_END = "<!-- scaling: end -->"


TRANSACTION_ENTRIES = 100


IMPORT_START = "<!-- import: written by Benchmarks/run --import -->"


IMPORT_END = "<!-- import: end -->"


IMPORT_DAYS = 35


SEARCH_START = "<!-- search: written by Benchmarks/run --search -->"


SEARCH_END = "<!-- search: end -->"


SEARCH_PAGE = 100  # the page the paging scenario reads, through the cursors of the 99 before it


OBSERVATIONS_PER_PATIENT = 173  # at IMPORT_DAYS days, what the generator's EHR export averages


SCORE_WARMUP = "/fhir/Patient/1/$health-score?asOf=" + LAST_DAY


SOAK_START = "<!-- soak: written by Benchmarks/run --soak -->"


SOAK_END = "<!-- soak: end -->"


AUTH_START = "<!-- auth: written by Benchmarks/run --auth -->"


AUTH_END = "<!-- auth: end -->"


AUDIT_START = "<!-- audit: written by Benchmarks/run --audit -->"


AUDIT_END = "<!-- audit: end -->"


TOKENS_START = "<!-- backend-tokens: written by Benchmarks/run --backend-tokens -->"


TOKENS_END = "<!-- backend-tokens: end -->"


OPERATIONS_START = "<!-- operations: written by Benchmarks/run --operations -->"


OPERATIONS_END = "<!-- operations: end -->"


EHR_START = "<!-- ehr-bundles: written by Benchmarks/run --ehr-bundles -->"


EHR_END = "<!-- ehr-bundles: end -->"


EHR_DAYS = 90  # a quarter of a patient's history: Bundles of about 3 MB, 80% of their entries unmapped


CRASH_START = "<!-- crash: written by Benchmarks/run --crash-test -->"


CRASH_END = "<!-- crash: end -->"


RATE_START = "<!-- rate-limits: written by Benchmarks/run --rate-limits -->"


RATE_END = "<!-- rate-limits: end -->"


EXPORT_START = "<!-- export: written by Benchmarks/run --export -->"


EXPORT_END = "<!-- export: end -->"


POSTGRES_START = "<!-- postgres: written by Benchmarks/run --database postgres -->"


POSTGRES_END = "<!-- postgres: end -->"


RSS_KINDS = ("RssAnon", "RssFile", "RssShmem")  # /proc/PID/status: the parts of VmRSS


AUTH_PATIENT = 42  # the patient of the patient token


def run(command, **kwargs):
    print("+ " + " ".join(command), flush=True)
    return subprocess.run(command, check=True, cwd=ROOT, **kwargs)


def ensure_command(command, package=None):
    """Installs `package` (by default the command's name) from Debian's packages when `command` is missing."""
    if shutil.which(command):
        return
    print(f"{command} is missing; installing it from Debian's packages", flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", package or command], check=True)


def ensure_wrk():
    ensure_command("wrk")


def population(patients, days):
    """The SQLite file of the population, generated on first use; returns (path, generation note)."""
    os.makedirs(RESULTS, exist_ok=True)
    path = os.path.join(RESULTS, f"population-{patients}x{days}-seed1.sqlite")
    if os.path.exists(path):
        return path, "reused"
    command = [BINARY, "generate", "--patients", str(patients), "--days", str(days), "--seed", "1",
               "--last-day", LAST_DAY, "--format", "database", "--out", path]
    print("+ " + " ".join(command), flush=True)
    started = time.monotonic()
    generator = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    output = generator.stdout.read()
    _, status, usage = os.wait4(generator.pid, 0)  # this process's own peak memory, not every child's
    seconds = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("generating the population failed")
    peak = usage.ru_maxrss / 1024
    match = re.search(r"generated (\d+) users and (\d+) measurements", output)
    rows = int(match.group(1)) + int(match.group(2)) if match else 0
    return path, (f"generated straight into SQLite in {seconds:.1f} s ({rows:,} rows, {rows / seconds:,.0f} rows/s, "
                  f"peak RSS {peak:.0f} MB)")


def replace_section(path, start, end, lines):
    """Puts `lines` (which begin with `start` and end with `end`) in place of that section of the report,
    or before the notes when the report has none yet."""
    if not os.path.exists(path):
        sys.exit(f"{path} does not exist: run Benchmarks/run once without options first")
    with open(path) as previous:
        text = previous.read()
    section = "\n".join(lines)
    if start in text and end in text:
        text = text[:text.index(start)] + section + text[text.index(end) + len(end):]
    elif NOTES_MARKER in text:
        text = text[:text.index(NOTES_MARKER)] + section + "\n\n" + text[text.index(NOTES_MARKER):]
    else:
        text = text + "\n" + section + "\n"
    with open(path, "w") as report:
        report.write(text)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(database, port, extra=(), prefix=(), stdout=None, audit=False):
    # Rate limits off: wrk is one client at tens of thousands of requests a second (the limits have their own tests).
    limits = [] if "--rate-limit" in extra else ["--rate-limit", "0"]
    # The audit trail off unless asked for (`--audit` measures its cost): every request would add a record to the
    # cached population's file, which would grow by hundreds of megabytes a run.
    limits += [] if audit else ["--no-audit"]
    level = [] if "--log-level" in extra else ["--log-level", "warning"]
    server = subprocess.Popen([*prefix, BINARY, "serve", "--database", database, "--no-samples", "--port", str(port),
                               *limits, *level, *extra], cwd=ROOT, stdout=stdout)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=1) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("the server did not become ready within 60 s")


def cpu_seconds(pid):
    """The CPU time (user and system) process `pid` has used so far, in seconds."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_ticks():
    """(all, idle) clock ticks of every core so far, from /proc/stat (idle counts I/O wait too)."""
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    return sum(fields), fields[3] + fields[4]


def wait_until_idle(pid, limit=300):
    """Waits until the process uses under a tenth of a core over a second (its start-up work is done)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = cpu_seconds(pid)
        time.sleep(1)
        if cpu_seconds(pid) - before < 0.1:
            return
    print(f"the server was still busy after {limit} s", flush=True)


def stop_server(server):
    """SIGTERM, and SIGKILL when a graceful stop takes over a minute."""
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        print("the server did not stop within 60 s of SIGTERM; killing it", flush=True)
        server.kill()
        server.wait()


def rss_fields(pid, fields):
    """Memory fields of /proc/PID/status in MB, read in one pass; 0 for a field not there."""
    values = dict.fromkeys(fields, 0.0)
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name = line.split(":", 1)[0]
            if name in values:
                values[name] = int(line.split()[1]) / 1024
    return [values[field] for field in fields]


def rss_megabytes(pid, field):
    return rss_fields(pid, (field,))[0]


def milliseconds(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(port, path, script, arguments, duration, connections, threads, headers=(), prefix=()):
    command = [*prefix, "wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", os.path.join(SCENARIOS, script)]
    command.append(f"http://127.0.0.1:{port}{path}")
    if arguments:
        command += ["--"] + [str(argument) for argument in arguments]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": milliseconds(percentiles["50"]),
        "p99": milliseconds(percentiles["99"]),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": errors,
    }


def current_commit():
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def machine():
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", open("/proc/meminfo").read()).group(1))
    cpu = re.search(r"model name\s+:\s+(.*)", open("/proc/cpuinfo").read())
    return f"{os.cpu_count()} cores ({cpu.group(1) if cpu else platform.processor()}), {memory_kb / 1048576:.0f} GiB"


READ_PAIRS = [
    ("FHIR Patient read, random patients", "/", "random-user.lua", ["{patients}", "/fhir/Patient/"]),
    ("FHIR Observation search, patient=1&_count=20", "/fhir/Observation?patient=1&_count=20", None, []),
]


def alternate_reads(options, off_port, on_port):
    """The two read scenarios (`READ_PAIRS`) on two servers, `off` and `on`, after warming both on the measured
    requests: `options.auth_rounds` rounds, the first of each pair alternating by round (on this machine the second
    of two back-to-back runs is often the slower, and a fixed order charged that to one side). Returns
    {scenario: {"off": [results], "on": [results]}}."""
    pairs = [(name, path, script, [options.patients if a == "{patients}" else a for a in arguments])
             for name, path, script, arguments in READ_PAIRS]
    results = {name: {"off": [], "on": []} for name, *_ in pairs}
    for port in (off_port, on_port):
        wrk(port, "/", "random-user.lua", [options.patients, "/fhir/Patient/"], 5, options.connections, options.threads)
    for round in range(options.auth_rounds):
        for name, path, script, arguments in pairs:
            order = (("off", off_port), ("on", on_port))
            for kind, port in (order if round % 2 == 0 else order[::-1]):
                result = wrk(port, path, script, arguments, options.duration, options.connections, options.threads)
                results[name][kind].append(result)
                print(f"{name} [{kind}]: {result['rps']:,.1f} req/s, p99 {result['p99']:.2f} ms, "
                      f"errors {result['errors']}", flush=True)
    return results


def comparison_rows(results, baseline, variant, target):
    """The rows of a table comparing two servers measured alternately: for each scenario of `results`
    ({scenario: {kind: [wrk results]}}), the means of `baseline` and `variant` req/s, their ratio, the mean p99s,
    and `target(scenario, ratio)` -> (its text, whether met). Returns (rows, whether every target was met with no
    errors)."""
    def mean(values):
        return sum(values) / len(values)
    rows, met_all = [], True
    for name, runs in results.items():
        before, after = mean([r["rps"] for r in runs[baseline]]), mean([r["rps"] for r in runs[variant]])
        ratio = after / before
        text, met = target(name, ratio)
        met_all = met_all and met and not any(r["errors"] for r in runs[baseline] + runs[variant])
        rows.append(f"| {name} | {before:,.0f} | {after:,.0f} | {ratio * 100:.1f}% | "
                    f"{mean([r['p99'] for r in runs[baseline]]):.2f} / {mean([r['p99'] for r in runs[variant]]):.2f} | "
                    f"{text} | {'yes' if met else '**no**'} |")
    return rows, met_all
