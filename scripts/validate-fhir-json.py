#!/usr/bin/env python3
"""Validates FHIR R4 JSON resources against the official JSON schema (fhir.schema.json, draft 6).

    scripts/validate-fhir-json.py FILE...        # each file holds one resource
    scripts/validate-fhir-json.py --ndjson FILE   # one resource per line

Prints one line per problem (`FILE[:LINE]: PATH: MESSAGE`) and exits 1 if any resource is invalid.
The schema is the copy in Tests/Fixtures/fhir-r4-core (HL7, CC0).
"""
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("Python's jsonschema is missing: run scripts/test, which installs it (pip install jsonschema)")

SCHEMA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                      "Tests", "Fixtures", "fhir-r4-core", "fhir.schema.json")


def main(arguments):
    ndjson = "--ndjson" in arguments
    files = [argument for argument in arguments if argument != "--ndjson"]
    with open(SCHEMA) as schema_file:
        definitions = json.load(schema_file)["definitions"]
    validators = {}

    def validator_for(resource_type):
        # The schema's root is a oneOf over every resource, whose errors name nothing; validating against
        # the resource's own definition gives located messages.
        if resource_type not in validators:
            validators[resource_type] = jsonschema.Draft6Validator(
                {"$ref": f"#/definitions/{resource_type}", "definitions": definitions})
        return validators[resource_type]

    problems = 0
    for path in files:
        with open(path, encoding="utf-8") as document:
            texts = [(number, line) for number, line in enumerate(document, 1) if line.strip()] if ndjson \
                else [(None, document.read())]
        for number, text in texts:
            where = f"{path}:{number}" if number else path
            try:
                resource = json.loads(text)
            except json.JSONDecodeError as error:
                print(f"{where}: not JSON: {error}")
                problems += 1
                continue
            resource_type = resource.get("resourceType") if isinstance(resource, dict) else None
            if resource_type not in definitions or "resourceType" not in definitions[resource_type].get("properties", {}):
                print(f"{where}: resourceType: {resource_type!r} is not a FHIR R4 resource type")
                problems += 1
                continue
            errors = sorted(validator_for(resource_type).iter_errors(resource), key=lambda e: list(e.absolute_path))
            for error in errors:
                location = ".".join(str(part) for part in error.absolute_path) or "(resource)"
                print(f"{where}: {location}: {error.message[:300]}")
                problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
