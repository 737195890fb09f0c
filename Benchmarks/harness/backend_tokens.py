"""The throughput of the gateway's own token endpoint (`--backend-tokens`): SMART Backend Services."""

import datetime
import os
import subprocess

from .common import (
    BINARY, RESULTS, ROOT, TOKENS_END, TOKENS_START, current_commit, free_port, machine, population,
    replace_section, run, start_server, stop_server, wait_until_idle, wrk
)

# Enough single-use assertions per second of a run: the endpoint's rate on this machine is far below it.
ASSERTIONS_PER_SECOND = 4000


def measure_backend_tokens(options):
    """POST /auth/token with a new client assertion per request (each jti once: the replay check is one insert and
    one read in the store), from an RS384 client and an ES384 client, on a server with --auth smart and the
    population's database; then a FHIR read with the token got, to show the token is good. Returns
    [(scenario, wrk result)]."""
    database, _ = population(options.patients, options.days)
    port = free_port()
    audience = f"http://127.0.0.1:{port}/fhir"
    token_url = f"http://127.0.0.1:{port}/auth/token"
    clients = []
    for name, algorithm in (("bench-rs384", "RS384"), ("bench-es384", "ES384")):
        folder = os.path.join(RESULTS, name)
        os.makedirs(folder, exist_ok=True)
        key = os.path.join(folder, "key.pem")
        if algorithm == "RS384":
            run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key])
        else:
            run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", key])
        jwks = os.path.join(folder, "jwks.json")
        with open(jwks, "w") as out:
            out.write(public_jwks(key, algorithm, kid=name))
        run([BINARY, "clients", "add", "--database", database, "--id", name, "--jwks", jwks, "--scope", "system/*.rs"])
        clients.append((name, algorithm, key))
    server = start_server(database, port, ["--auth", "smart", "--auth-audience", audience], audit=True)
    wait_until_idle(server.pid)
    results = []
    try:
        for name, algorithm, key in clients:
            count = ASSERTIONS_PER_SECOND * (options.duration + 5)
            assertions = os.path.join(RESULTS, f"{name}-assertions.txt")
            with open(assertions, "w") as out:
                subprocess.run([BINARY, "token", "assertion", "--private-key", key, "--kid", name, "--client-id", name,
                                "--token-url", token_url, "--count", str(count), "--lifetime", "300"],
                               check=True, stdout=out, cwd=ROOT)
            scenario = f"POST /auth/token, {algorithm} client assertion, a new jti each"
            result = wrk(port, "/", "token-requests.lua", [assertions, options.threads, "system/Patient.rs"],
                         options.duration, options.connections, options.threads)
            results.append((scenario, result))
            print(f"{scenario}: {result['rps']:,.1f} req/s, p99 {result['p99']:.2f} ms, errors {result['errors']}",
                  flush=True)
    finally:
        stop_server(server)
    return results


def public_jwks(key, algorithm, kid):
    """The public JWKS of a PEM key, through `openssl` alone (an RSA modulus, or a P-384 point)."""
    def base64url(data):
        import base64
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    if algorithm == "RS384":
        modulus = subprocess.run(["openssl", "rsa", "-in", key, "-noout", "-modulus"], check=True, capture_output=True,
                                 text=True).stdout.strip().split("=", 1)[1]
        return ('{"keys":[{"kty":"RSA","alg":"RS384","use":"sig","kid":"%s","n":"%s","e":"AQAB"}]}'
                % (kid, base64url(bytes.fromhex(modulus))))
    der = subprocess.run(["openssl", "pkey", "-in", key, "-pubout", "-outform", "DER"], check=True,
                         capture_output=True).stdout
    point = der[-97:]  # an uncompressed P-384 point: 0x04, then x and y of 48 bytes each
    assert point[0] == 4, "not an uncompressed P-384 point"
    return ('{"keys":[{"kty":"EC","crv":"P-384","alg":"ES384","use":"sig","kid":"%s","x":"%s","y":"%s"}]}'
            % (kid, base64url(point[1:49]), base64url(point[49:])))


def write_backend_tokens(path, command, results, options):
    lines = [TOKENS_START, "## SMART Backend Services: the token endpoint", "",
             f"- command: `{command}`",
             f"- commit: {current_commit()}; machine: {machine()}; {datetime.date.today().isoformat()}",
             f"- population: {options.patients:,} patients x {options.days} days (SQLite); `serve --auth smart "
             f"--auth-audience …`; clients registered with `health-gateway clients add`, their assertions signed ahead "
             f"by `health-gateway token assertion` (one per request, each jti used once); wrk -t{options.threads} "
             f"-c{options.connections} -d{options.duration}s per row",
             "- each request: the assertion's signature checked with the client's key, its claims, the jti recorded in "
             "the store (an insert that the first writer wins, read back), the scopes intersected, an ES256 access "
             "token signed", "",
             "| scenario | tokens/s | p50 ms | p99 ms | errors |", "|---|---:|---:|---:|---:|"]
    for scenario, result in results:
        lines.append(f"| {scenario} | {result['rps']:,.0f} | {result['p50']:.2f} | {result['p99']:.2f} | "
                     f"{result['errors']} |")
    lines.append(TOKENS_END)
    replace_section(path, TOKENS_START, TOKENS_END, lines)
    return not any(result["errors"] for _, result in results)
