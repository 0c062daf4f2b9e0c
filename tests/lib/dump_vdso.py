#!/usr/bin/env python3
"""dump_vdso.py PID OUT: writes the [vdso] mapping of PID to OUT.

An independent reader of /proc/PID/maps and /proc/PID/mem, so that tests
compare vdsotool against something that shares none of its code.
"""
import sys

pid, out = sys.argv[1], sys.argv[2]
with open(f"/proc/{pid}/maps") as maps:
    for line in maps:
        if line.rstrip().endswith("[vdso]"):
            start, end = (int(x, 16) for x in line.split()[0].split("-"))
            break
    else:
        sys.exit("no [vdso] mapping")
with open(f"/proc/{pid}/mem", "rb") as mem:
    mem.seek(start)
    data = mem.read(end - start)
with open(out, "wb") as f:
    f.write(data)
