#!/usr/bin/env python3
"""auxv_decode.py PID: prints "TYPE VALUE" (decimal) per entry of
/proc/PID/auxv up to AT_NULL, decoded with struct, independently of vdsotool."""
import struct
import sys

data = open(f"/proc/{sys.argv[1]}/auxv", "rb").read()
for i in range(0, len(data) - 15, 16):
    t, v = struct.unpack_from("<QQ", data, i)
    if t == 0:
        break
    print(t, v)
