"""Rate limits: another client's latency during a flood (`--rate-limits`)."""

import datetime
import os
import subprocess
import threading
import time

from .common import (
    BINARY, RATE_END, RATE_START, RESULTS, ROOT, current_commit, free_port, machine, population,
    replace_section, run, start_server, stop_server, wait_until_idle, wrk
)

def measure_rate_limits(options):
    """Two backend clients of one server with rate limits (1,000 a second each, burst 2,000): a victim reading
    Patients at a steady pace (2 connections, a request every 5 ms each: 400 a second, within its limit), alone;
    then while the other client reads at its limit (64 connections, a request every 64 ms each: about 1,000 a
    second, none refused), which is what the rate limits let any client do; then while it offers ten times its
    limit (64 connections, a request every 6 ms each). The victim's p99 in the three, and the other client's
    rates."""
    database, _ = population(options.patients, options.days)
    key, jwks = os.path.join(RESULTS, "bench-key.pem"), os.path.join(RESULTS, "bench-jwks.json")
    run([BINARY, "token", "key", "--private-key", key, "--jwks", jwks, "--kid", "bench-1"])
    port = free_port()
    audience = f"http://127.0.0.1:{port}/fhir"

    def token(subject):
        command = [BINARY, "token", "mint", "--private-key", key, "--kid", "bench-1", "--issuer", "https://bench.local",
                   "--audience", audience, "--scope", "system/*.rs", "--subject", subject, "--lifetime", "86400"]
        return "Authorization: Bearer " + subprocess.run(command, check=True, capture_output=True, text=True,
                                                         cwd=ROOT).stdout.strip()

    victim, flooder = token("victim-app"), token("flooding-job")
    server = start_server(database, port, ["--statistics-max-age", "86400", "--auth", "smart", "--auth-issuer",
                                           "https://bench.local", "--auth-audience", audience, "--auth-jwks", jwks,
                                           "--rate-limit", "1000", "--rate-burst", "2000"])
    rounds = []
    try:
        wait_until_idle(server.pid)
        paced = [options.patients, "/fhir/Patient/", 5]
        wrk(port, "/", "paced-user.lua", paced, 3, 2, 1, (victim,))  # warm-up
        for _ in range(options.auth_rounds):
            alone = wrk(port, "/", "paced-user.lua", paced, options.duration, 2, 1, (victim,))

            def beside(pace):
                """The victim's reads while the other client's 64 connections each send a request every `pace` ms."""
                other = {}

                def run_other():
                    other.update(wrk(port, "/", "paced-user.lua", [options.patients, "/fhir/Patient/", pace],
                                     options.duration + 4, 64, 1, (flooder,)))

                thread = threading.Thread(target=run_other)
                thread.start()
                time.sleep(2)
                measured = wrk(port, "/", "paced-user.lua", paced, options.duration, 2, 1, (victim,))
                thread.join()
                time.sleep(2)  # the other client's bucket fills again
                return measured, other

            at_limit, steady = beside(64)  # about 1,000 a second: the other client at its limit
            loaded, flood = beside(6)  # about 10,000 a second: ten times its limit
            rounds.append((alone, at_limit, steady, loaded, flood))
            print(f"victim alone p99 {alone['p99']:.2f} ms ({alone['rps']:.0f} req/s, errors {alone['errors']}); beside "
                  f"the other client at its limit ({steady['rps']:,.0f} req/s, {steady['errors']} refused) p99 "
                  f"{at_limit['p99']:.2f} ms; under its flood p99 {loaded['p99']:.2f} ms ({loaded['rps']:.0f} req/s, "
                  f"errors {loaded['errors']}); flood {flood['rps']:,.0f} req/s, {flood['errors']:,} refused", flush=True)
    finally:
        stop_server(server)
    return rounds


def write_rate_limits(path, command, rounds, options):
    """Replaces the rate-limits section of the report; whether the victim's p99 stayed within 2x."""
    lines = [
        RATE_START,
        "## Rate limits: one client's flood and another client's latency",
        "",
        f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; commit: {current_commit()}",
        f"- machine: {machine()}; `nproc` = {os.cpu_count()}",
        f"- command: `{command}`",
        f"- server: `--auth smart --rate-limit 1000 --rate-burst 2000`, {options.patients:,} patients; two backend "
        "clients with `system/*.rs` tokens of their own; wrk on the same 2 cores",
        "- victim: random Patient reads, 2 connections each waiting 5 ms between requests (`paced-user.lua`), "
        f"{options.duration} s alone; {options.duration} s while the other client reads at its limit (64 connections, "
        "each a request every 64 ms); "
        f"{options.duration} s while it offers about ten times its limit (64 connections, each a request every 6 ms)",
        "",
        "| round | victim p99 alone ms | beside the other at its limit: p99 ms (ratio) | under its flood: p99 ms (ratio) | "
        "victim req/s (alone / at limit / flood) | victim refused | other client at its limit: req/s, refused | "
        "flood offered req/s | times its limit | flood refused |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    met = True
    for index, (alone, at_limit, steady, loaded, flood) in enumerate(rounds, 1):
        ratio = loaded["p99"] / alone["p99"] if alone["p99"] else 0
        steady_ratio = at_limit["p99"] / alone["p99"] if alone["p99"] else 0
        met = met and ratio <= 2 and loaded["errors"] == 0
        lines.append(f"| {index} | {alone['p99']:.2f} | {at_limit['p99']:.2f} ({steady_ratio:.2f}) | {loaded['p99']:.2f} "
                     f"({ratio:.2f}) | {alone['rps']:.0f} / {at_limit['rps']:.0f} / {loaded['rps']:.0f} | "
                     f"{loaded['errors'] + at_limit['errors']} | {steady['rps']:,.0f}, {steady['errors']} | "
                     f"{flood['rps']:,.0f} | {flood['rps'] / 1000:.1f} | {flood['errors']:,} |")
    lines.append(RATE_END)
    replace_section(path, RATE_START, RATE_END, lines)
    return met
