#!/usr/bin/env python3
"""Lints the deployment files (DEPLOY.md: no Docker engine or cluster runs here, so this is what can be
checked): every YAML file under deploy/ parses; the Compose file has PostgreSQL, the one-shot migration,
two gateway nodes and nginx; the Kubernetes objects have their kinds, the Deployment probes /livez and
/readyz and outlives its own shutdown timeout; the Dockerfile builds with scripts/build-release (the
script CI builds with), runs as a non-root user and checks /livez; every HEALTH_GATEWAY_* variable the
files set is one the binary reads (its --help names them); every metric the Grafana dashboard queries is
one the running gateway at BASE serves.

    python3 Tests/Clients/deploy_check.py --root . --gateway .build/debug/health-gateway --base http://127.0.0.1:PORT

Prints "deploy: every check passed" at the end.
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import urllib.request

import yaml

from client_support import check


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True)
    parser.add_argument("--gateway", required=True)
    parser.add_argument("--base", required=True)
    options = parser.parse_args()
    root = options.root

    documents = {}
    for path in sorted(glob.glob(os.path.join(root, "deploy", "**", "*.yaml"), recursive=True)):
        with open(path) as f:
            documents[os.path.relpath(path, root)] = [d for d in yaml.safe_load_all(f) if d is not None]
    check(documents, "no YAML under deploy/")

    compose = documents["deploy/compose.yaml"][0]
    services = compose["services"]
    check({"postgres", "migrate", "gateway-1", "gateway-2", "nginx"} <= set(services), f"compose services {set(services)}")
    for node in ("gateway-1", "gateway-2"):
        check(services[node]["depends_on"]["migrate"]["condition"] == "service_completed_successfully",
              f"{node} starts before the migration")
        check("/readyz" in " ".join(services[node]["healthcheck"]["test"]), f"{node}'s health check")
    check(os.path.exists(os.path.join(root, "deploy", "nginx.conf")), "deploy/nginx.conf is missing")

    kinds = {}
    for name, docs in documents.items():
        if not name.startswith("deploy/kubernetes/"):
            continue
        for doc in docs:
            check("apiVersion" in doc and "kind" in doc, f"{name}: an object without apiVersion or kind")
            kinds[doc["kind"]] = doc
    check({"Deployment", "Service", "HorizontalPodAutoscaler", "PersistentVolumeClaim", "Kustomization"} <= set(kinds),
          f"Kubernetes kinds {set(kinds)}")
    pod = kinds["Deployment"]["spec"]["template"]["spec"]
    container = pod["containers"][0]
    check(container["livenessProbe"]["httpGet"]["path"] == "/livez", "liveness probe")
    check(container["readinessProbe"]["httpGet"]["path"] == "/readyz", "readiness probe")
    check("requests" in container["resources"], "no resource requests")
    environment = {e["name"]: e.get("value") for e in container["env"]}
    check(pod["terminationGracePeriodSeconds"] > int(environment.get("HEALTH_GATEWAY_SHUTDOWN_TIMEOUT", "30")),
          "the pod is killed before its shutdown timeout")
    check(any("secretKeyRef" in e.get("valueFrom", {}) for e in container["env"]), "no Secret reference")
    for name in ("deploy/kubernetes/kustomization.yaml",):
        for resource in documents[name][0]["resources"]:
            check(os.path.exists(os.path.join(root, "deploy", "kubernetes", resource)), f"{name} lists a missing {resource}")

    with open(os.path.join(root, "Dockerfile")) as f:
        dockerfile = f.read()
    check(re.search(r"^FROM swift:6\.3\S* AS build", dockerfile, re.M), "the build stage is not Swift 6.3")
    check(re.search(r"^RUN .*scripts/build-release", dockerfile, re.M), "the Dockerfile does not build with scripts/build-release")
    with open(os.path.join(root, ".ci", "run")) as f:
        check("scripts/build-release" in f.read(), "CI does not build with scripts/build-release")
    check(re.search(r"^USER (?!root|0)", dockerfile, re.M), "the image runs as root")
    check(re.search(r"^HEALTHCHECK .*/livez", dockerfile, re.M), "no health check on /livez")

    known = set()
    for command in ("serve", "migrate"):
        help_text = subprocess.run([options.gateway, command, "--help"], capture_output=True, text=True).stdout
        known |= set(re.findall(r"HEALTH_GATEWAY_[A-Z_]+", help_text))
    check("HEALTH_GATEWAY_DATABASE" in known, "the binary's help names no variables")
    texts = [dockerfile] + [open(p).read() for p in glob.glob(os.path.join(root, "deploy", "**", "*.yaml"), recursive=True)]
    used = set().union(*(re.findall(r"HEALTH_GATEWAY_[A-Z_]+", text) for text in texts))
    check(not (used - known), f"the deployment files set variables the binary does not read: {sorted(used - known)}")

    with open(os.path.join(root, "deploy", "grafana", "health-gateway.json")) as f:
        dashboard = json.load(f)
    expressions = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    queried = set(re.findall(r"\b((?:http|process|import|export|auth|rate|population)_[a-z_]+)", " ".join(expressions)))
    urllib.request.urlopen(options.base.rstrip("/") + "/fhir/Patient/1").read()
    with urllib.request.urlopen(options.base.rstrip("/") + "/metrics") as response:
        served = set(re.findall(r"^# TYPE (\S+)", response.read().decode(), re.M))
    histograms = {name + suffix for name in served for suffix in ("_bucket", "_sum", "_count")}
    # Counters that appear with their first event (a refusal, a finished job) are named by their help in the README.
    first_event = {"rate_limited_total", "auth_failures_total", "import_lines_total"}
    missing = queried - served - histograms - first_event
    check(not missing, f"the dashboard queries metrics the gateway does not serve: {sorted(missing)}")
    print(f"deploy: {len(documents)} YAML files, {len(kinds)} Kubernetes kinds, {len(used)} variables, "
          f"{len(queried)} metrics checked")
    print("deploy: every check passed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as failure:
        print(f"deploy check failed: {failure}", file=sys.stderr)
        sys.exit(1)
