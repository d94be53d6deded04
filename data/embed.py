#!/usr/bin/env python3
"""Write a C file defining `const char NAME[]` as the bytes of a text file:
the curated synonyms are built into the binaries, so that they work
wherever the binaries run (the installed copy is for reading and editing)."""
import sys

src, out, name = sys.argv[1:4]
data = open(src, "rb").read()
with open(out, "w") as f:
    f.write("/* Generated from %s by data/embed.py: do not edit. */\n" % src.split("/")[-1])
    f.write("const char %s[] =\n" % name)
    for line in data.split(b"\n"):
        esc = "".join(c if 32 <= ord(c) < 127 and c not in '"\\?' else "\\%03o" % ord(c)
                      for c in (line + b"\n").decode("latin-1"))
        f.write('    "%s"\n' % esc)
    f.write("    ;\n")
