#!/usr/bin/env python3
"""Writes the 256-entry viridis and magma colour tables used by `spectro extract --png`.

viridis and magma were designed by Nathaniel J. Smith, Stefan van der Walt (viridis) and Eric Firing, and released
under CC0 (public domain); this script takes the tables from Debian's python3-matplotlib (apt-get install
python3-matplotlib) and writes them as 256 lines of rrggbb (values rounded to 8 bits).

    /usr/bin/python3 cli/tools/make_colormaps.py
"""
import os

from matplotlib import colormaps

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "main", "resources", "io", "spectro", "cli")

for name in ("viridis", "magma"):
    cmap = colormaps[name]
    lines = []
    for i in range(256):
        r, g, b, _ = cmap(i)
        lines.append("%02x%02x%02x" % tuple(int(round(c * 255)) for c in (r, g, b)))
    path = os.path.join(OUT, name + ".rgb")
    with open(path, "w") as f:
        f.write("# %s colour map (CC0), 256 entries rrggbb, low to high; written by cli/tools/make_colormaps.py\n" % name)
        f.write("\n".join(lines) + "\n")
    print("wrote", os.path.normpath(path))
