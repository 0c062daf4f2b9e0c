#!/usr/bin/env python3
"""compare_symlist.py SYMLIST_OUT OBJDUMP_T_OUT [--thumb]

Compares symlist's "NAME VERSION HEXVALUE" lines with objdump -T's table
on (address, version, name), leaving out section symbols (objdump names
them from section headers, which libvdso does not read).  With --thumb the
Thumb bit is cleared from symlist's values, as objdump shows code addresses.
Exits 1 and prints both sides on a mismatch, or when either side is empty.
"""
import sys

thumb = "--thumb" in sys.argv
ours, theirs = set(), set()
for line in open(sys.argv[1]):
    f = line.split()
    if not f or f[0] == "#" or len(f) != 3:
        continue
    value = int(f[2], 16)
    if thumb:
        value &= ~1
    ours.add((value, f[1], f[0]))
for line in open(sys.argv[2]):
    f = line.split()
    if len(f) < 6 or f[1][0] not in "gwl" or f[2] == "d":
        continue
    version = f[-2].strip("()")
    theirs.add((int(f[0], 16), version, f[-1]))
if not ours or ours != theirs:
    print("libvdso:", sorted(ours), "\nobjdump:", sorted(theirs), file=sys.stderr)
    sys.exit(1)
