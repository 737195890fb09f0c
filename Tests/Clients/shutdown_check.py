#!/usr/bin/env python3
"""A graceful shutdown of `health-gateway serve`, end to end, against the real binary (README, "Operations").

    python3 Tests/Clients/shutdown_check.py --gateway .build/debug/health-gateway --root .

1. A request in flight finishes: a create whose body is still arriving when SIGTERM comes. During the
   --shutdown-delay the node still answers and /readyz says 503; then the listener closes (new
   connections are refused) while the slow request goes on; it gets its 201, and the process exits 0.
   After a restart on the same database, the created Patient is there.
2. A running $import checkpoints: SIGTERM after its first committed chunk stops it at a chunk boundary
   and releases it; the process exits 0; the next start resumes it at once, and it completes with every
   line imported exactly once.
3. With --log-format json every line on standard output is a JSON object, and every access-log line
   carries the request's X-Request-ID.

Prints "shutdown: every check passed" at the end.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

from client_support import check, free_port, request


class Gateway:
    def __init__(self, binary, root, database, extra=()):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = database + f".{self.port}.log"
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [binary, "serve", "--database", database, "--port", str(self.port), "--log-format", "json",
             "--samples", os.path.join(root, "Samples/population.ndjson"), "--rate-limit", "0", *extra],
            stdout=self.log, stderr=subprocess.STDOUT, cwd=root)
        deadline = time.time() + 120
        while time.time() < deadline:
            check(self.process.poll() is None, f"the gateway exited at start-up: {self.output()}")
            try:
                if request(self.base + "/readyz", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise AssertionError(f"the gateway did not get ready: {self.output()}")

    def output(self):
        self.log.flush()
        with open(self.log_path) as f:
            return f.read()

    def terminate(self):
        self.process.send_signal(signal.SIGTERM)

    def wait(self, seconds):
        try:
            return self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(f"the gateway did not exit within {seconds} s: {self.output()[-3000:]}")

    def json_lines(self):
        lines = [line for line in self.output().splitlines() if line.strip()]
        parsed = []
        for line in lines:
            try:
                parsed.append(json.loads(line))
            except json.JSONDecodeError:
                raise AssertionError(f"a log line is not JSON: {line!r}")
        return parsed


def slow_request_finishes(binary, root, folder):
    database = os.path.join(folder, "slow.sqlite")
    gateway = Gateway(binary, root, database, ["--shutdown-delay", "2", "--shutdown-timeout", "20"])
    patient = json.dumps({"resourceType": "Patient", "name": [{"family": "Inflight", "given": ["Slow"]}],
                          "identifier": [{"system": "urn:test:shutdown", "value": "slow-1"}],
                          "birthDate": "1980-01-01", "gender": "female"}).encode()
    connection = socket.create_connection(("127.0.0.1", gateway.port), timeout=30)
    head = (f"POST /fhir/Patient HTTP/1.1\r\nHost: 127.0.0.1:{gateway.port}\r\nContent-Type: application/fhir+json\r\n"
            f"Content-Length: {len(patient)}\r\nX-Request-ID: slow-create\r\n\r\n").encode()
    half = len(patient) // 2
    connection.sendall(head + patient[:half])
    time.sleep(0.3)
    gateway.terminate()
    time.sleep(0.5)
    status, headers, _ = request(gateway.base + "/readyz")
    check(status == 503, f"/readyz during the shutdown delay answered {status}")
    check(request(gateway.base + "/livez")[0] == 200, "/livez stops answering during the delay")
    time.sleep(2.5)  # past the delay: the listener is closed
    try:
        socket.create_connection(("127.0.0.1", gateway.port), timeout=2).close()
        refused = False
    except OSError:
        refused = True
    check(refused, "a new connection is accepted after the shutdown delay")
    check(gateway.process.poll() is None, "the gateway exited before its request in flight finished")
    connection.sendall(patient[half:])
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = connection.recv(65536)
        if not chunk:
            break
        answer += chunk
    connection.close()
    status_line = answer.split(b"\r\n", 1)[0].decode()
    check(" 201 " in status_line, f"the request in flight got {status_line!r}")
    location = next((line.split(b":", 1)[1].strip().decode() for line in answer.split(b"\r\n")
                     if line.lower().startswith(b"location:")), None)
    check(location is not None, "no Location on the create")
    code = gateway.wait(15)
    check(code == 0, f"the gateway exited {code}: {gateway.output()[-3000:]}")
    lines = gateway.json_lines()
    access = [line for line in lines if line.get("message") == "request"]
    check(access and all(line.get("request_id") for line in access), "an access-log line without a request id")
    check(any(line.get("request_id") == "slow-create" and line.get("status") == 201 for line in access),
          "no access-log line for the slow create")
    check(any(line.get("message", "").startswith("shutting down") for line in lines), "no shutdown notice logged")

    again = Gateway(binary, root, database)
    path = "/fhir/Patient/" + location.split("/fhir/Patient/", 1)[1].split("/_history")[0]
    status, _, body = request(again.base + path)
    check(status == 200 and b"Inflight" in body, f"the created Patient is not there after a restart: {status}")
    again.terminate()
    check(again.wait(15) == 0, "the second gateway did not exit 0")
    print("shutdown: a request in flight finished, new connections were refused, exit 0")


def import_checkpoints(binary, root, folder):
    database = os.path.join(folder, "import.sqlite")
    count = 60_000
    ndjson = "".join(
        json.dumps({"resourceType": "Patient", "identifier": [{"system": "urn:test:checkpoint", "value": f"p-{index}"}],
                    "name": [{"family": f"Checkpoint{index}"}], "gender": "other", "birthDate": "1970-01-01"}) + "\n"
        for index in range(count)).encode()
    gateway = Gateway(binary, root, database, ["--shutdown-timeout", "60"])
    status, headers, body = request(gateway.base + "/fhir/$import", "POST", ndjson,
                                    {"Content-Type": "application/fhir+ndjson", "Prefer": "respond-async"}, timeout=120)
    check(status == 202, f"$import answered {status}: {body[:300]!r}")
    poll = headers["Content-Location"]
    job = poll.rsplit("/", 1)[1]
    deadline = time.time() + 120
    while time.time() < deadline:
        status, headers, _ = request(poll)
        check(status == 202, f"the import ended before the shutdown ({status}); make the input larger")
        progress = headers.get("X-Progress", "")
        if progress and not progress.startswith("0 of") and not progress.startswith("queued"):
            break
        time.sleep(0.05)
    gateway.terminate()
    code = gateway.wait(60)
    check(code == 0, f"the gateway exited {code}: {gateway.output()[-3000:]}")
    check(f"checkpointed import job {job}" in gateway.output(), f"no checkpoint logged: {gateway.output()[-3000:]}")

    again = Gateway(binary, root, database)
    check(f"resuming import job {job}" in again.output(), f"the next start did not resume the job at once: {again.output()[-2000:]}")
    deadline = time.time() + 300
    while time.time() < deadline:
        status, _, body = request(poll.replace(gateway.base, again.base))
        if status != 202:
            break
        time.sleep(0.2)
    check(status == 200, f"the resumed import ended with {status}: {body[:500]!r}")
    manifest = json.loads(body)
    patients = [output for output in manifest["output"] if output["type"] == "Patient"]
    check(sum(output.get("count", 0) for output in patients) == count, f"the manifest: {manifest}")
    status, _, body = request(again.base + "/fhir/Patient?name=Checkpoint&_summary=count")
    named = json.loads(body).get("total")
    check(named == count, f"{named} imported Patients, not {count}")
    again.terminate()
    check(again.wait(30) == 0, "the second gateway did not exit 0")
    print(f"shutdown: an import checkpointed at SIGTERM and was resumed at the next start; {count} Patients, each once")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gateway", required=True)
    parser.add_argument("--root", required=True)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="shutdown-check-") as folder:
        slow_request_finishes(os.path.abspath(options.gateway), os.path.abspath(options.root), folder)
        import_checkpoints(os.path.abspath(options.gateway), os.path.abspath(options.root), folder)
    print("shutdown: every check passed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as failure:
        print(f"shutdown check failed: {failure}", file=sys.stderr)
        sys.exit(1)
