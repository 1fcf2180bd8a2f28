#!/usr/bin/env python3
"""Evaluate nixgen's generated policies in the two Rego engines that matter, and compare them.

  rego_check.py test POLICIES           run every test_ rule in OPA and regorus; all must be true in both
  rego_check.py deny POLICIES INPUT     print {"opa": {package: [messages]}, "regorus": {...}}
  rego_check.py query POLICIES EXPR [INPUT]   print {"opa": value, "regorus": value}
  rego_check.py schema SCHEMA INPUT     validate the input document against its JSON Schema

OPA is the real Go OPA 1.20 (the engine conftest embeds) through opa-golib-python-bindings;
regorus is the Rust engine. Policies are every *.rego under POLICIES, data every *.json under
POLICIES/data (loaded at the data root, as `conftest --data` loads it). Both load Rego v1. Exit
codes: 0 success (for deny: no failure), 1 failures or failed tests, 2 the engines disagree or a
policy does not load.

deny judges as `conftest test --all-namespaces` does: `deny` and `deny_<name>` rules fail,
`warn` and `warn_<name>` rules warn, and a package's `exception` set exempts its `deny_<name>`
rules by name (the empty name: every deny rule of the package). A policy that defines the fleet's
data document (package nixgen.fleet) does not load, in either engine: OPA refuses it, and regorus
would merge it.
"""
import glob
import json
import os
import re
import sys

import regorus
from opa_bindings import OpaEngine, OpaUndefinedError


class DataRedefined(Exception):
    pass


def sources(policies):
    files = sorted(glob.glob(os.path.join(policies, "**", "*.rego"), recursive=True))
    for path in files:
        found = re.search(r"^package\s+(\S+)", open(path, encoding="utf-8").read(), re.M)
        if found and (found.group(1) == "nixgen.fleet" or found.group(1).startswith("nixgen.fleet.")):
            raise DataRedefined(f"{os.path.relpath(path, policies)}: package {found.group(1)} would redefine the fleet's data document (data.nixgen.fleet)")
    data = {}
    for path in sorted(glob.glob(os.path.join(policies, "data", "*.json"))):
        merge(data, json.load(open(path, encoding="utf-8")))
    return files, data


def merge(into, value):
    for key, item in value.items():
        if isinstance(item, dict) and isinstance(into.get(key), dict):
            merge(into[key], item)
        else:
            into[key] = item


class Raw:
    """An input document kept as its JSON text."""

    def __init__(self, text):
        self.text = text


class Regorus:
    name = "regorus"

    def __init__(self, policies):
        self.files, data = sources(policies)
        self.engine = regorus.Engine()
        for path in self.files:
            self.engine.add_policy_from_file(path)
        self.engine.add_data_json(json.dumps(data))

    def value(self, expr, doc=None):
        if isinstance(doc, Raw):
            self.engine.set_input_json(doc.text)
        elif doc is not None:
            self.engine.set_input_json(json.dumps(doc))
        result = self.engine.eval_query(expr).get("result") or []
        return result[0]["expressions"][0]["value"] if result else None


class Opa:
    name = "opa"

    def __init__(self, policies):
        self.files, data = sources(policies)
        self.engine = OpaEngine()
        for path in self.files:
            self.engine.add_policy(os.path.relpath(path, policies), open(path, encoding="utf-8").read())
        self.engine.add_data(data)

    def value(self, expr, doc=None):
        if isinstance(doc, Raw):
            # The document's own JSON text goes to OPA as it is: parsing it in Python only to have the
            # bindings serialize it again would double the cost for a large fleet.
            engine = self.engine
            with engine._eval_lock:
                engine._eval_reset()
                result = engine._eval_result(engine._call(engine._lib.OpaEvalQuery, f"__value := {expr}".encode(),
                                                          doc.text.encode("utf-8"), 0, 0))
            return result[0]["bindings"]["__value"] if result else None
        if expr.startswith("data.") and re.fullmatch(r"[\w.]+", expr):
            try:
                return self.engine.eval_document(expr[len("data."):], doc)
            except OpaUndefinedError:
                return None
        bindings = self.engine.eval_query(f"__value := {expr}", doc)
        return bindings[0]["__value"] if bindings else None


def engines(policies):
    # NIXGEN_REGO_ENGINES=opa (or regorus) runs one engine, for benchmarks; tests always run both.
    chosen = os.environ.get("NIXGEN_REGO_ENGINES", "opa,regorus").split(",")
    return [engine(policies) for engine in (Opa, Regorus) if engine.name in chosen]


def packages(files):
    found = []
    for path in files:
        text = open(path, encoding="utf-8").read()
        found.append((re.search(r"^package (\S+)", text, re.M).group(1), re.findall(r"^(test_\w+)\b", text, re.M),
                      re.search(r"^deny contains ", text, re.M) is not None))
    return found


def conftest_rules(files):
    """{package: {"deny_x": ..., "warn": ..., "exception": ...}}: the rules besides plain `deny` that conftest reads."""
    found = {}
    for path in files:
        text = open(path, encoding="utf-8").read()
        package = re.search(r"^package (\S+)", text, re.M).group(1)
        if package.endswith("_test"):
            continue
        for rule in re.findall(r"^((?:deny|warn|violation)_\w+|warn|violation|exception)\s+(?:contains|\[)", text, re.M):
            found.setdefault(package, set()).add(rule)
    return found


def first_lines(error, count=4):
    """An engine's error without the native stack trace regorus appends."""
    return "\n".join(str(error).strip().splitlines()[:count])


def loaded(policies):
    try:
        return engines(policies)
    except Exception as error:  # a policy that does not load in one engine is a difference
        print(json.dumps({"error": first_lines(error)}), file=sys.stderr)
        return None


def run_tests(policies):
    report, status = {}, 0
    all_engines = loaded(policies)
    if all_engines is None:
        return 2
    for engine in all_engines:
        passed, failed = [], []
        for package, tests, _ in packages(engine.files):
            for name in tests:
                rule = f"data.{package}.{name}"
                try:
                    ok = engine.value(rule) is True
                except Exception as error:  # a runtime error fails the test, with its reason
                    ok, rule = False, rule + f" ({str(error).splitlines()[0] if str(error) else type(error).__name__})"
                (passed if ok else failed).append(rule)
        report[engine.name] = {"passed": passed, "failed": failed}
        if failed or not passed:
            status = 1
    if report["opa"]["passed"] != report["regorus"]["passed"]:
        status = 2
    print(json.dumps(report, indent=2))
    print(" ".join(f"{name}: {len(r['passed'])} passed, {len(r['failed'])} failed" for name, r in report.items()), file=sys.stderr)
    return status


def denies(engine, doc):
    """({package: sorted failures}, {package: warnings}, {package: exempted denies}), evaluated in one
    query so the input crosses into the engine once (each crossing costs as much as judging)."""
    judged = [package for package, _, judges in packages(engine.files) if judges and not package.endswith("_test")]
    extra = sorted((package, rule) for package, rules in conftest_rules(engine.files).items() for rule in rules)
    # Direct references, not `object.get(data, path, [])` over a list of paths: regorus 0.13 fails
    # to compile that comprehension ("Loop hoisting information not found") once three or more
    # packages under one prefix read the input. Sets of lists are read as arrays: regorus cannot
    # hand Python a set of lists.
    refs = [f"data.{package}.deny" for package in judged] + [f"[x | some x in data.{package}.{rule}]" for package, rule in extra]
    found = engine.value("[" + ", ".join(refs) + "]", doc) or []
    report = {package: sorted(messages) for package, messages in zip(judged, found)}
    values = dict(zip(extra, found[len(judged):]))
    warnings, exempted = {}, {}
    for package in sorted({package for package, _ in extra}):
        rules = {rule for other, rule in extra if other == package}
        # conftest's exception rules yield lists of names (`rules := ["foo"]`), or names.
        exceptions = {name for item in (values.get((package, "exception")) or []) for name in (item if isinstance(item, list) else [item])}
        for rule in sorted(rules - {"exception"}) + (["deny"] if package in report else []):
            messages = report.get(package, []) if rule == "deny" else sorted(values.get((package, rule)) or [])
            if rule.startswith("warn"):
                warnings.setdefault(package, []).extend(messages)
                continue
            name = rule.partition("_")[2]
            if "" in exceptions or (name and name in exceptions):
                exempted.setdefault(package, []).extend(messages)
                if rule == "deny":
                    report[package] = []
            elif rule != "deny" and messages:
                report.setdefault(package, []).extend(messages)
    return report, warnings, exempted


def run_deny(policies, input_path):
    doc = Raw(open(input_path, encoding="utf-8").read())
    all_engines = loaded(policies)
    if all_engines is None:
        return 2
    try:
        judged = {engine.name: denies(engine, doc) for engine in all_engines}
    except Exception as error:
        print(json.dumps({"error": first_lines(error)}), file=sys.stderr)
        return 2
    report = {name: failures for name, (failures, _, _) in judged.items()}
    print(json.dumps(report, indent=2, ensure_ascii=False))
    # Warnings and exempted denies do not fail, as in conftest; they are shown on stderr.
    aside = {kind: {name: {p: m for p, m in result[place].items() if m} for name, result in judged.items()}
             for kind, place in (("warnings", 1), ("exceptions", 2))}
    aside = {kind: by_engine for kind, by_engine in aside.items() if any(by_engine.values())}
    if aside:
        print(json.dumps(aside, ensure_ascii=False), file=sys.stderr)
    if len(set(json.dumps(r, sort_keys=True) for r in judged.values())) > 1:
        print("the engines disagree", file=sys.stderr)
        return 2
    return 1 if any(messages for r in report.values() for messages in r.values()) else 0


def run_query(policies, expr, input_path=None):
    doc = json.load(open(input_path, encoding="utf-8")) if input_path else None
    report = {engine.name: engine.value(expr, doc) for engine in engines(policies)}
    print(json.dumps(report, ensure_ascii=False))
    return 0 if report["opa"] == report["regorus"] else 2


def run_schema(schema_path, input_path):
    import jsonschema

    jsonschema.validate(json.load(open(input_path, encoding="utf-8")), json.load(open(schema_path, encoding="utf-8")))
    print("valid")
    return 0


def report_peak_memory():
    """With NIXGEN_REPORT_RSS set, the process's peak resident memory (OPA's Go heap included) on stderr."""
    if os.environ.get("NIXGEN_REPORT_RSS"):
        import resource
        print(f"peak-rss-kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)


if __name__ == "__main__":
    import atexit

    atexit.register(report_peak_memory)
    handlers = {"test": run_tests, "deny": run_deny, "query": run_query, "schema": run_schema}
    if len(sys.argv) < 2 or sys.argv[1] not in handlers:
        sys.exit(__doc__)
    sys.exit(handlers[sys.argv[1]](*sys.argv[2:]))
