#!/usr/bin/env python3
"""/metrics of a running `health-gateway serve`, read with prometheus_client's own text-format parser
(PyPI), the one Prometheus' Python tooling uses (README, "Metrics").

    python3 Tests/Clients/metrics_check.py http://127.0.0.1:PORT [--management http://127.0.0.1:PORT2]

Scrapes, then does a Patient read, a read of a Patient that does not exist, an NDJSON $import and a
$health-score, scrapes again, and checks that each moved its own series by exactly what it did: the
request counters by interaction, type and status class, the duration histograms, the import's lines
and finished jobs. Every label value must come from the bounded sets (no id, no name, no query value).
With --management, /metrics is on that port and not on the main one. Prints "metrics: every check
passed" at the end.
"""

import argparse
import json
import sys
import time

from prometheus_client.parser import text_string_to_metric_families

from client_support import check, request

ALLOWED_LABELS = {"method", "route", "interaction", "type", "status", "outcome", "reason", "operation", "engine", "access", "le"}
TYPES = {"Patient", "Observation", "other", "none"}


def scrape(metrics_base):
    status, headers, body = request(metrics_base + "/metrics")
    check(status == 200, f"/metrics answered {status}")
    check(headers.get("Content-Type", "").startswith("text/plain; version=0.0.4"), f"Content-Type {headers}")
    samples = {}
    for family in text_string_to_metric_families(body.decode()):
        for sample in family.samples:
            extra = set(sample.labels) - ALLOWED_LABELS
            check(not extra, f"{sample.name} has labels outside the bounded set: {extra}")
            if "type" in sample.labels:
                check(sample.labels["type"] in TYPES, f"{sample.name} type label {sample.labels['type']!r}")
            for value in sample.labels.values():
                check("Zebediah" not in value and "424242" not in value and "?" not in value,
                      f"a label holds a request's value: {sample}")
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name, **labels):
    return sum(v for (n, ls), v in samples.items() if n == name and all(dict(ls).get(k) == w for k, w in labels.items()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("--management")
    options = parser.parse_args()
    base = options.base.rstrip("/")
    metrics_base = (options.management or base).rstrip("/")
    if options.management:
        check(request(base + "/metrics")[0] == 404, "/metrics is on the main port as well as the management port")

    before = scrape(metrics_base)
    check(request(base + "/fhir/Patient/1")[0] == 200, "the read failed")
    check(request(base + "/fhir/Patient/424242")[0] == 404, "the unknown Patient was found")
    check(request(base + "/fhir/Patient?name=Zebediah")[0] == 200, "the search failed")
    status, _, _ = request(base + "/fhir/Patient/1/$health-score?asOf=2026-11-15")
    check(status == 200, f"$health-score answered {status}")
    run = time.time_ns()  # new identifiers each run: a re-import would count as unchanged
    lines = "".join(json.dumps({"resourceType": "Patient", "identifier": [{"system": "urn:test:metrics", "value": f"m-{run}-{i}"}],
                                "name": [{"family": f"Metric{i}"}], "gender": "other", "birthDate": "1990-01-01"}) + "\n"
                    for i in range(7))
    lines += '{"resourceType": "Patient", "birthDate": "not a date"}\n'
    status, headers, _ = request(base + "/fhir/$import", "POST", lines.encode(),
                                 {"Content-Type": "application/fhir+ndjson", "Prefer": "respond-async"})
    check(status == 202, f"$import answered {status}")
    poll = headers["Content-Location"]
    for _ in range(600):
        status, _, _ = request(poll)
        if status != 202:
            break
        time.sleep(0.05)
    check(status == 200, f"the import ended with {status}")
    after = scrape(metrics_base)

    def moved(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    read = dict(name="http_requests_total", interaction="read", type="Patient", route="/fhir/{type}/{id}")
    check(moved(**read, status="2xx") == 1, f"a read moved the 2xx reads by {moved(**read, status='2xx')}")
    check(moved(**read, status="4xx") == 1, f"a failed read moved the 4xx reads by {moved(**read, status='4xx')}")
    check(moved("http_request_duration_seconds_count", interaction="read", type="Patient") == 2, "read durations")
    check(moved("http_requests_total", interaction="search-type", type="Patient", status="2xx") == 1, "the search")
    check(moved("http_requests_total", interaction="$health-score", type="Patient", status="2xx") == 1, "the score")
    check(moved("http_request_duration_seconds_count", interaction="$health-score") == 1, "the score's duration")
    check(moved("http_requests_total", interaction="$import", status="2xx") == 1, "the import kick-off")
    check(moved("import_lines_total", outcome="imported") == 7, f"imported lines moved by {moved('import_lines_total', outcome='imported')}")
    check(moved("import_lines_total", outcome="failed") == 1, "the failed line")
    check(moved("import_jobs_finished_total", status="completed") == 1, "the finished job")
    check(moved("store_call_duration_seconds_count", operation="user") >= 2, "the reads' store calls")
    check(moved("store_call_duration_seconds_count", operation="apply") >= 1, "the import's writes")
    check(moved("store_pool_wait_seconds_count", engine="sqlite", access="write") >= 1, "the writes' waits for the writer")
    for name in ("process_resident_memory_bytes", "process_cpu_seconds_total", "process_open_fds", "http_requests_in_flight",
                 "import_jobs_running", "population_statistics_age_seconds"):
        check(any(n == name for n, _ in after), f"no {name}")
    check(value(after, "process_resident_memory_bytes") > 1_000_000, "resident memory")
    print("metrics: every check passed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as failure:
        print(f"metrics check failed: {failure}", file=sys.stderr)
        sys.exit(1)
