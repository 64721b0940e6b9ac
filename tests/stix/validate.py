#!/usr/bin/env python3
"""Validates a STIX 2.1 bundle against the OASIS STIX 2.1 JSON schemas
(cti-stix2-json-schemas, in ../shared/data/stix21-schemas) and the spec rules
the schemas leave out that matter to consumers:
  - the bundle and every object against its type's schema (draft 2020-12);
  - ids unique; every *_ref / *_refs points to an object in the bundle;
  - indicator patterns are single comparisons of the form [type:path = 'value'];
  - sightings' first_seen <= last_seen; relationships use the spec's types;
  - cyber observables' ids are the UUIDv5 of their id-contributing
    properties' canonical JSON in the STIX namespace (spec 2.9);
  - observed-data: first_observed <= last_observed, object_refs name
    observables, sightings' observed_data_refs name observed-data.
Prints one line per object type and exits 1 on the first list of errors."""
import json
import os
import re
import sys
import uuid

import jsonschema

STIX_NAMESPACE = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")
ID_CONTRIBUTING = {"ipv4-addr": ["value"], "ipv6-addr": ["value"], "domain-name": ["value"], "url": ["value"],
                   "email-addr": ["value"], "file": ["hashes", "name", "extensions", "parent_directory_ref"],
                   "x509-certificate": ["hashes", "serial_number"]}

schemas_dir, bundle_path = sys.argv[1], sys.argv[2]
store = {}
for root, _, files in os.walk(schemas_dir):
    for f in files:
        if f.endswith(".json"):
            with open(os.path.join(root, f)) as fh:
                s = json.load(fh)
            if "$id" in s:
                store[s["$id"]] = s


def schema_for(kind):
    for folder in ("common", "sdos", "sros", "observables"):
        key = next((k for k in store if k.endswith("/%s/%s.json" % (folder, kind))), None)
        if key:
            return store[key]
    return None


def validator(schema):
    resolver = jsonschema.RefResolver(base_uri=schema["$id"], referrer=schema, store=store)
    return jsonschema.Draft202012Validator(schema, resolver=resolver)


with open(bundle_path) as fh:
    bundle = json.load(fh)
errors = []
# The bundle wrapper is checked by hand: bundle.json's own "objects" refs
# reach marking-definition fragments its draft 2020-12 resolution cannot
# follow; every object is validated against its own type's schema below.
if bundle.get("type") != "bundle" or not re.match(r"^bundle--[0-9a-f-]{36}$", bundle.get("id", "")):
    errors.append("bundle: type/id")
objects = bundle.get("objects", [])
if not isinstance(objects, list) or not objects:
    errors.append("bundle: no objects")
ids = [o["id"] for o in objects]
if len(ids) != len(set(ids)):
    errors.append("duplicate ids")
known = set(ids)
counts = {}
pattern_re = re.compile(r"^\[[a-z0-9-]+:[a-z0-9_.'-]+(?:'[A-Z0-9-]+')? = '(?:[^'\\]|\\.)*'\]$", re.I)
relationship_types = {"indicates", "attributed-to", "uses", "derived-from", "related-to", "targets", "based-on"}
for o in objects:
    t = o["type"]
    counts[t] = counts.get(t, 0) + 1
    schema = schema_for(t)
    if schema is None:
        errors.append("%s: no schema for type %s" % (o["id"], t))
        continue
    for e in validator(schema).iter_errors(o):
        errors.append("%s: %s" % (o["id"], e.message))
    for k, v in o.items():
        refs = v if k.endswith("_refs") else [v] if k.endswith("_ref") else []
        for r in refs:
            if r not in known:
                errors.append("%s: %s points to %s, not in the bundle" % (o["id"], k, r))
    if t == "indicator" and not pattern_re.match(o["pattern"]):
        errors.append("%s: pattern %r is not a single comparison" % (o["id"], o["pattern"]))
    if t == "sighting" and o.get("first_seen", "") > o.get("last_seen", "~"):
        errors.append("%s: first_seen after last_seen" % o["id"])
    if t in ID_CONTRIBUTING:
        props = {k: o[k] for k in ID_CONTRIBUTING[t] if k in o}
        canonical = json.dumps(props, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        if o["id"] != "%s--%s" % (t, uuid.uuid5(STIX_NAMESPACE, canonical)):
            errors.append("%s: not the id its properties %s give" % (o["id"], canonical))
    if t == "observed-data":
        if o["first_observed"] > o["last_observed"]:
            errors.append("%s: first_observed after last_observed" % o["id"])
        for r in o.get("object_refs", []):
            if r.split("--")[0] not in ID_CONTRIBUTING:
                errors.append("%s: object_refs names %s, not an observable" % (o["id"], r))
    if t == "sighting":
        for r in o.get("observed_data_refs", []):
            if not r.startswith("observed-data--"):
                errors.append("%s: observed_data_refs names %s" % (o["id"], r))
    if t == "relationship" and o["relationship_type"] not in relationship_types:
        errors.append("%s: relationship type %s" % (o["id"], o["relationship_type"]))
for t in sorted(counts):
    print("%-16s %d valid" % (t, counts[t]))
if errors:
    print("\n".join(errors[:50]))
    sys.exit(1)
print("stix bundle: %d objects valid against the STIX 2.1 schemas" % len(objects))
