#!/usr/bin/env python3
"""Evaluate nixgen's generated policies with regorus, a real Rego v1 engine.

  regorus_check.py test POLICIES            run every test_ rule; all must be true, and there must be some
  regorus_check.py deny POLICIES INPUT      print {package: [deny messages]} for the input document
  regorus_check.py query POLICIES EXPR [INPUT]   print the value of a Rego expression as JSON
  regorus_check.py schema SCHEMA INPUT      validate the input document against its JSON Schema

Policies load in regorus' default Rego v1 mode, so v0-only syntax (`deny[msg] { }`) fails here as
it does in OPA 1.x. Output is JSON on stdout; the exit code is 0 only on success.
"""
import glob
import json
import os
import re
import sys

import regorus


def engine(policies):
    e = regorus.Engine()
    files = sorted(glob.glob(os.path.join(policies, "**", "*.rego"), recursive=True))
    for path in files:
        e.add_policy_from_file(path)
    return e, files


def value(e, expr):
    result = e.eval_query(expr).get("result") or []
    return result[0]["expressions"][0]["value"] if result else None


def run_tests(policies):
    e, files = engine(policies)
    passed, failed = [], []
    for path in files:
        text = open(path, encoding="utf-8").read()
        package = re.search(r"^package (\S+)", text, re.M).group(1)
        for name in re.findall(r"^(test_\w+)\b", text, re.M):
            rule = f"data.{package}.{name}"
            try:
                ok = value(e, rule) is True
            except Exception as error:  # a runtime error fails the test, with its reason
                ok = False
                rule += f" ({str(error).splitlines()[0] if str(error) else type(error).__name__})"
            (passed if ok else failed).append(rule)
    print(json.dumps({"passed": passed, "failed": failed}, indent=2))
    print(f"{len(passed)} passed, {len(failed)} failed", file=sys.stderr)
    return 0 if passed and not failed else 1


def run_deny(policies, input_path):
    e, files = engine(policies)
    e.set_input_json(open(input_path, encoding="utf-8").read())
    denies = {}
    for package in sorted(e.get_packages()):
        if package.endswith("_test") or package in ("data.nixgen.fleet", "data.nixgen.fixture"):
            continue
        denies[package[len("data."):]] = sorted(value(e, f"{package}.deny") or [])
    print(json.dumps(denies, indent=2, ensure_ascii=False))
    return 0


def run_query(policies, expr, input_path=None):
    e, _ = engine(policies)
    if input_path:
        e.set_input_json(open(input_path, encoding="utf-8").read())
    print(json.dumps(value(e, expr), ensure_ascii=False))
    return 0


def run_schema(schema_path, input_path):
    import jsonschema

    jsonschema.validate(json.load(open(input_path, encoding="utf-8")), json.load(open(schema_path, encoding="utf-8")))
    print("valid")
    return 0


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    handlers = {"test": run_tests, "deny": run_deny, "query": run_query, "schema": run_schema}
    if command not in handlers:
        sys.exit(__doc__)
    sys.exit(handlers[command](*arguments))
