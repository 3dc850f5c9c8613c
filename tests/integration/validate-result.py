#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Validate a result.json against results/schema.json.

Uses python3-jsonschema when it is installed; otherwise a small checker of
the schema keywords results/schema.json uses (type, enum, const, required,
properties, additionalProperties, items, $ref, minimum, maximum, pattern,
minLength, if/then/else),
so the check never silently degrades to "it parsed".

usage: validate-result.py SCHEMA RESULT; exit 0 valid, 1 invalid.
"""
import json
import re
import sys

TYPES = {
    "object": dict, "array": list, "string": str, "boolean": bool,
    "null": type(None),
}


def is_type(value, name):
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, TYPES[name])


def check(value, schema, root, path, errors):
    if "$ref" in schema:
        node = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        check(value, node, root, path, errors)
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(is_type(value, n) for n in names):
            errors.append(f"{path}: {value!r} is not of type {names}")
            return
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: {value!r} != {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{path}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{path}: {value} > {schema['maximum']}")
    if isinstance(value, str) and "minLength" in schema:
        if len(value) < schema["minLength"]:
            errors.append(f"{path}: {value!r} is shorter than {schema['minLength']}")
    if "if" in schema:
        # The condition's own failures are not errors, only its outcome.
        cond = []
        check(value, schema["if"], root, path, cond)
        branch = schema.get("then" if not cond else "else")
        if branch is not None:
            check(value, branch, root, path, errors)
    if isinstance(value, str) and "pattern" in schema:
        if not re.search(schema["pattern"], value):
            errors.append(f"{path}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{path}: missing required key '{key}'")
        props = schema.get("properties", {})
        for key, sub in value.items():
            if key in props:
                check(sub, props[key], root, f"{path}.{key}", errors)
            elif isinstance(schema.get("additionalProperties"), dict):
                check(sub, schema["additionalProperties"], root, f"{path}.{key}", errors)
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            check(item, schema["items"], root, f"{path}[{i}]", errors)


def main():
    schema = json.load(open(sys.argv[1]))
    result = json.load(open(sys.argv[2]))
    try:
        import jsonschema
    except ImportError:
        jsonschema = None
    if jsonschema:
        try:
            jsonschema.Draft7Validator.check_schema(schema)
            jsonschema.validate(result, schema, cls=jsonschema.Draft7Validator)
        except jsonschema.exceptions.ValidationError as e:
            print(f"invalid (jsonschema): {e.message} at {list(e.absolute_path)}")
            return 1
        print("valid (jsonschema)")
        return 0
    errors = []
    check(result, schema, schema, "result", errors)
    for e in errors[:20]:
        print(f"invalid: {e}")
    if not errors:
        print("valid (built-in checker)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
