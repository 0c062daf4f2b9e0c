#!/usr/bin/env python3
"""Checks one vdsotool JSON document on stdin against the rules every
schema shares (vdsotool(1), JSON OUTPUT):
  - the bytes are strict UTF-8 and strict JSON (no control characters in
    strings, no NaN or Infinity);
  - the first member is "schema": "vdsotool-CMD/N" for the command given;
  - every number is exact in an IEEE double (magnitude below 2^53);
  - every member named in HEX_FIELDS is a "0x..." string.
Usage: json_check.py CMD < document
"""
import json
import re
import sys

HEX_FIELDS = {"base", "start", "end", "size", "value", "address", "ns", "rate_q32"}
HEX = re.compile(r"^0x(0|[1-9a-f][0-9a-f]*)$")


def reject_constant(name):
    raise ValueError(f"not JSON: {name}")


def walk(v, path):
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return
    if isinstance(v, (int, float)):
        assert abs(v) < 2**53, f"{path}: {v} is not exact in a double"
        return
    if isinstance(v, list):
        for i, x in enumerate(v):
            walk(x, f"{path}[{i}]")
        return
    for k, x in v.items():
        if k in HEX_FIELDS and not path.endswith(".machine"):
            assert isinstance(x, str) and HEX.match(x), f"{path}.{k}: {x!r} is not a hex string"
        walk(x, f"{path}.{k}")


def main():
    raw = sys.stdin.buffer.read()
    text = raw.decode("utf-8", errors="strict")
    doc = json.loads(text, strict=True, parse_constant=reject_constant)
    assert isinstance(doc, dict), "the document is not an object"
    first = next(iter(doc), None)
    assert first == "schema", f"first member is {first!r}, not schema"
    assert re.match(rf"^vdsotool-{sys.argv[1]}/[1-9][0-9]*$", doc["schema"]), doc["schema"]
    walk(doc, "")


main()
