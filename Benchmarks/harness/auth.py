"""The cost of SMART authorization (`--auth`)."""

import datetime
import os
import subprocess

from .common import (
    AUTH_END, AUTH_PATIENT, AUTH_START, BINARY, RESULTS, ROOT, comparison_rows, current_commit, free_port,
    machine, population, replace_section, run, start_server, stop_server, wait_until_idle, wrk
)

def measure_auth(options):
    """The cost of SMART authorization: the same reads on two servers over one database, one with --auth none and
    one with --auth smart (tokens from `health-gateway token`, ES256), alternating, `rounds` times each. Returns
    {scenario: {"plain": [results], "auth": [results]}}."""
    database, _ = population(options.patients, options.days)
    key, jwks = os.path.join(RESULTS, "bench-key.pem"), os.path.join(RESULTS, "bench-jwks.json")
    run([BINARY, "token", "key", "--private-key", key, "--jwks", jwks, "--kid", "bench-1"])
    plain_port, auth_port = free_port(), free_port()
    audience = f"http://127.0.0.1:{auth_port}/fhir"

    def token(scope, patient=None):
        command = [BINARY, "token", "mint", "--private-key", key, "--kid", "bench-1", "--issuer", "https://bench.local",
                   "--audience", audience, "--scope", scope, "--lifetime", "86400"]
        if patient:
            command += ["--patient", str(patient)]
        return subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout.strip()

    system = "Authorization: Bearer " + token("system/*.rs")
    patient = "Authorization: Bearer " + token("patient/*.rs", AUTH_PATIENT)
    quiet = ["--statistics-max-age", "86400"]  # no refresh in the middle of a measurement
    plain = start_server(database, plain_port, quiet)
    secured = start_server(database, auth_port, quiet + ["--auth", "smart", "--auth-issuer", "https://bench.local",
                                                         "--auth-audience", audience, "--auth-jwks", jwks])
    wait_until_idle(plain.pid)
    wait_until_idle(secured.pid)
    search = f"/fhir/Observation?patient={AUTH_PATIENT}&_count=20"
    pairs = [
        ("FHIR Patient read, random patients (auth: a system/*.rs token)", "/", "random-user.lua",
         [options.patients, "/fhir/Patient/"], system),
        (f"FHIR Patient read, Patient/{AUTH_PATIENT} (auth: that patient's patient/*.rs token)",
         f"/fhir/Patient/{AUTH_PATIENT}", None, [], patient),
        (f"FHIR Observation search, patient={AUTH_PATIENT}&_count=20 (auth: that patient's token)", search, None, [],
         patient),
    ]
    results = {name: {"plain": [], "auth": []} for name, *_ in pairs}
    try:
        for port in (plain_port, auth_port):
            wrk(port, "/health", None, [], 2, options.connections, options.threads)
        for _ in range(options.auth_rounds):
            for name, path, script, arguments, header in pairs:
                for kind, port, headers in (("plain", plain_port, ()), ("auth", auth_port, (header,))):
                    result = wrk(port, path, script, arguments, options.duration, options.connections, options.threads,
                                 headers)
                    results[name][kind].append(result)
                    print(f"{name} [{kind}]: {result['rps']:,.1f} req/s, p99 {result['p99']:.2f} ms, "
                          f"errors {result['errors']}", flush=True)
    finally:
        stop_server(plain)
        stop_server(secured)
    return results


def write_auth(path, command, results, options):
    lines = [AUTH_START, "## SMART authorization: the cost of a bearer token", "",
             f"- command: `{command}`",
             f"- commit: {current_commit()}; machine: {machine()}; {datetime.date.today().isoformat()}",
             f"- population: {options.patients:,} patients x {options.days} days; two servers over the same file, "
             f"`--auth none` and `--auth smart` (ES256 tokens from `health-gateway token`), measured alternately, "
             f"{options.auth_rounds} rounds of wrk -t{options.threads} -c{options.connections} -d{options.duration}s "
             "each; the ratio is of the means", "",
             "| scenario | without auth, req/s | with a token, req/s | ratio | p99 ms without / with | target | met |",
             "|---|---:|---:|---:|---:|---|---|"]

    def target(name, ratio):
        if "Patient read" in name:
            return "≥ 90%", ratio >= 0.90
        return "not slower (≥ 97%: rounds spread ±3%)", ratio >= 0.97
    rows, met_all = comparison_rows(results, "plain", "auth", target)
    lines += rows + [AUTH_END]
    replace_section(path, AUTH_START, AUTH_END, lines)
    return met_all
