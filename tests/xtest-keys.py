#!/usr/bin/env python3
"""Types keys on the X display, as a user would: xtest-keys.py KEY... where
KEY is a keysym name (period, F5, Home), mod+keysym (Control_L+plus) or
sleepSECONDS. Uses the XTEST extension through libXtst; exits 77 without it."""
import ctypes
import ctypes.util
import sys
import time

try:
    x = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    xt = ctypes.CDLL(ctypes.util.find_library("Xtst") or "libXtst.so.6")
except OSError:
    print("no libX11 or libXtst: skipping")
    sys.exit(77)
x.XOpenDisplay.restype = ctypes.c_void_p
d = ctypes.c_void_p(x.XOpenDisplay(None))
if not d.value:
    print("cannot open the display")
    sys.exit(1)


def code(name):
    return x.XKeysymToKeycode(d, x.XStringToKeysym(name.encode()))


for key in sys.argv[1:]:
    if key.startswith("sleep"):
        time.sleep(float(key[5:]))
        continue
    names = key.split("+")
    for n in names:
        xt.XTestFakeKeyEvent(d, code(n), True, 0)
    for n in reversed(names):
        xt.XTestFakeKeyEvent(d, code(n), False, 0)
    x.XFlush(d)
    time.sleep(0.3)
