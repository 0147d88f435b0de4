"""Checks Open Referral UK 3.0 answers against the standard's JSON Schemas
(the files the official validator uses), offline: the schemas refer to
each other by https://openreferraluk.org/... addresses, which are served
here from the local folder. Formats (uuid, date-time, uri, email) are
checked too.

    python validate_oruk.py SCHEMA_DIR MANIFEST.json

MANIFEST maps answer files to schema names: {"answers/1.json": "service_list", …}.
Prints one line per problem and exits 1 if there is any.
"""
import json
import pathlib
import sys

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

PREFIX = "https://openreferraluk.org/specifications/3.0/schema/"


def main():
    schema_dir, manifest_path = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    schemas = {p.stem: json.loads(p.read_text()) for p in schema_dir.glob("*.json")}
    registry = Registry().with_resources(
        (PREFIX + name + ".json", Resource.from_contents(s, default_specification=DRAFT202012)) for name, s in schemas.items()
    )
    manifest = json.loads(manifest_path.read_text())
    problems = 0
    for answer_file, schema_name in manifest.items():
        answer = json.loads((manifest_path.parent / answer_file).read_text())
        validator = jsonschema.Draft202012Validator(
            schemas[schema_name], registry=registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        for error in validator.iter_errors(answer):
            problems += 1
            where = "/".join(str(p) for p in error.absolute_path)
            print(f"{answer_file} ({schema_name}) at /{where}: {error.message}")
    print(f"{len(manifest)} answers checked, {problems} problems", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
