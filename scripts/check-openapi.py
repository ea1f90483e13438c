#!/usr/bin/env python3
"""Checks real API responses against Paperboy's OpenAPI document (the web tests call this).

usage: check-openapi.py SPEC.json CASES.json
CASES is a JSON array of {"path": "/api/papers/2506.01234", "status": 200, "body": <parsed JSON>}.
The document itself is validated as OpenAPI 3.1 (openapi-spec-validator), then each body against
the schema its path template and status declare (JSON Schema 2020-12, formats checked).
Prints one line per problem and exits 1 if there is any.
"""
import json
import re
import sys

import jsonschema
from openapi_spec_validator import validate

spec = json.load(open(sys.argv[1]))
cases = json.load(open(sys.argv[2]))
validate(spec)

def template(path):
    """The path template of the document that matches a concrete path ({id} may hold a slash)."""
    for name in spec["paths"]:
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", ".+", re.escape(name)) + "$"
        if re.match(pattern, path):
            return name
    return None

def resolve(node):
    while "$ref" in node:
        target = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node

problems = []
for case in cases:
    path = case["path"].split("?")[0]
    name = template(path)
    # A concrete path such as /api/papers/search matches its own entry before the {id} template.
    if path in spec["paths"]:
        name = path
    if name is None:
        problems.append(f"{case['path']}: no such path in the document")
        continue
    response = spec["paths"][name]["get"]["responses"].get(str(case["status"]))
    if response is None:
        problems.append(f"{case['path']}: status {case['status']} is not documented")
        continue
    schema = resolve(response)["content"]["application/json"]["schema"]
    validator = jsonschema.Draft202012Validator({**schema, "components": spec["components"]},
                                                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    for error in validator.iter_errors(case["body"]):
        problems.append(f"{case['path']} ({case['status']}): {error.json_path}: {error.message[:200]}")

for problem in problems:
    print(problem)
print(f"checked {len(cases)} responses against the OpenAPI document: {len(problems)} problems", file=sys.stderr)
sys.exit(1 if problems else 0)
