"""The shipped JSON Schema accepts every shipped policy and refuses typical
mistakes, so editors that validate as people type agree with the gateway.

Usage: check_policy_schema.py POLICIES_DIR
"""
import copy
import json
import pathlib
import sys

import jsonschema

directory = pathlib.Path(sys.argv[1])
schema = json.loads((directory / "policy.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

failures = []
policies = {p.name: json.loads(p.read_text()) for p in directory.glob("*.json")
            if not p.name.endswith(".schema.json")}
if len(policies) != 6:
    failures.append(f"expected 6 shipped policies, found {len(policies)}")
for name, policy in sorted(policies.items()):
    for error in validator.iter_errors(policy):
        failures.append(f"{name}: {error.json_path}: {error.message}")


def mistake(description, edit):
    broken = copy.deepcopy(policies["eu-gdpr.json"])
    edit(broken)
    if validator.is_valid(broken):
        failures.append(f"the schema accepts a policy with {description}")


mistake("an unknown key", lambda p: p.update(consent_max_age=3))
mistake("an unknown consent model", lambda p: p.update(consent_model="maybe"))
mistake("an unknown signal", lambda p: p["signals"].update({"geo.street": {"allowed": "always"}}))
mistake("with_consent and no purpose", lambda p: p["signals"].update({"profile": {"allowed": "with_consent"}}))
mistake("a place that is no code", lambda p: p.update(applies_to=["Germany"]))
mistake("both applies_to and fallback", lambda p: p.update(fallback=True))
mistake("no advertising purpose", lambda p: p.update(purposes=p["purposes"][:3]))

for failure in failures:
    print(failure)
print(f"{len(policies)} policies checked against the schema, 7 mistakes refused"
      if not failures else f"{len(failures)} problem(s)")
sys.exit(1 if failures else 0)
