#!/usr/bin/env python3
"""A real FHIR client against a running gateway: fhirpy (https://pypi.org/project/fhirpy/), unmodified, through
what its users do most: create, read, search, count, paging, a transaction, _include, update and delete.

    python3 Tests/Clients/fhirpy_check.py http://127.0.0.1:8080/fhir

Run by HealthGatewayCLITests.FhirpyClientTests against a `serve` process; exits non-zero on the first
check that fails, naming it. Each run uses identifiers of its own, so it can run against any gateway.
"""

import sys
import uuid

from fhirpy import SyncFHIRClient

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"


def check(condition, what):
    if not condition:
        sys.exit(f"FAILED: {what}")
    print(f"ok: {what}")


def heart_rate(patient_reference, value, minute):
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": "8867-4", "display": "Heart rate"}]},
        "subject": {"reference": patient_reference},
        "effectiveDateTime": f"2026-11-03T08:{minute:02d}:00+01:00",
        "valueQuantity": {"value": value, "unit": "/min", "system": UCUM, "code": "/min"},
    }


def main(base):
    client = SyncFHIRClient(base, extra_headers={"Accept": "application/fhir+json"})
    run = uuid.uuid4().hex[:12]
    system = f"urn:fhirpy-check:{run}"

    patient = client.resource("Patient", identifier=[{"system": system, "value": "P-1"}],
                              name=[{"family": "Fhirpy", "given": ["Check"]}], gender="female", birthDate="1984-03-09")
    patient.save()
    check(patient.id is not None, "create: the Patient got an id")

    read = client.reference("Patient", patient.id).to_resource()
    check(read["name"][0]["family"] == "Fhirpy" and read.meta["versionId"] == "1", "read: the Patient as created")

    found = client.resources("Patient").search(identifier=f"{system}|P-1").fetch()
    check([item.id for item in found] == [patient.id], "search: by identifier")

    for minute in range(25):
        client.resource("Observation", **heart_rate(f"Patient/{patient.id}", 60 + minute, minute)).save()
    observations = client.resources("Observation").search(patient=patient.id, code=f"{LOINC}|8867-4")
    check(observations.count() == 25, "count: _totalMethod=count (fhirpy's .count())")

    everything = observations.limit(10).fetch_all()
    check(len(everything) == 25 and len({item.id for item in everything}) == 25, "paging: three pages through next links")

    bundle = {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {"fullUrl": "urn:uuid:" + str(uuid.uuid4()), "request": {"method": "POST", "url": "Patient"},
             "resource": {"resourceType": "Patient", "identifier": [{"system": system, "value": "P-2"}],
                          "name": [{"family": "Transaction"}]}},
        ],
    }
    bundle["entry"].append({"request": {"method": "POST", "url": "Observation"},
                            "resource": heart_rate(bundle["entry"][0]["fullUrl"], 72, 30)})
    response = client.execute("", method="post", data=bundle)
    statuses = [entry["response"]["status"] for entry in response["entry"]]
    check(response["type"] == "transaction-response" and all(status.startswith("201") for status in statuses),
          "transaction: a Patient and its Observation")

    included = client.resources("Observation").search(patient=patient.id).include("Observation", "subject").limit(5)
    raw = included.fetch_raw()
    modes = [entry["search"]["mode"] for entry in raw.entry]
    check(modes.count("include") == 1 and raw.entry[-1].resource.id == patient.id, "_include: the subject once")

    read["gender"] = "male"
    read.save()
    check(client.reference("Patient", patient.id).to_resource().meta["versionId"] == "2", "update: a new version")

    second = client.resources("Patient").search(identifier=f"{system}|P-2").first()
    second.delete()
    check(client.resources("Patient").search(identifier=f"{system}|P-2").count() == 0, "delete: the Patient is gone")
    print("fhirpy: every check passed")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080/fhir")
