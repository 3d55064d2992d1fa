#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""check_api_md.py API.md EXAMPLES_DIR — every ```c code block of API.md must
appear, line for line (leading/trailing blank lines ignored, `...` lines
standing for omitted code), in one of EXAMPLES_DIR/*.c, so the guide can
never drift from the examples that `make test` compiles and runs."""
import pathlib
import re
import sys


def normalise(lines):
    return [line.rstrip() for line in lines]


def contains_in_order(haystack, pieces):
    """True if each piece (a list of lines) appears contiguously, in order."""
    pos = 0
    for piece in pieces:
        n = len(piece)
        while pos + n <= len(haystack) and haystack[pos:pos + n] != piece:
            pos += 1
        if pos + n > len(haystack):
            return False
        pos += n
    return True


def main():
    api_md = pathlib.Path(sys.argv[1]).read_text()
    sources = {p.name: normalise(p.read_text().splitlines())
               for p in sorted(pathlib.Path(sys.argv[2]).glob("*.c"))}
    blocks = re.findall(r"^```c\n(.*?)^```", api_md, re.S | re.M)
    if not blocks:
        print("FAIL: no ```c blocks in", sys.argv[1])
        return 1
    failures = 0
    for i, block in enumerate(blocks, 1):
        pieces, current = [], []
        for line in normalise(block.splitlines()):
            if line.strip() == "...":
                if current:
                    pieces.append(current)
                current = []
            else:
                current.append(line)
        if current:
            pieces.append(current)
        pieces = [p for p in ([l for l in piece] for piece in pieces) if any(l.strip() for l in p)]
        for p in pieces:
            while p and not p[0].strip():
                p.pop(0)
            while p and not p[-1].strip():
                p.pop()
        found = [name for name, lines in sources.items() if contains_in_order(lines, pieces)]
        if not found:
            failures += 1
            first = pieces[0][0] if pieces and pieces[0] else "(empty)"
            print(f"FAIL: code block {i} (starting {first!r}) is not an excerpt of any example")
    print(f"{len(blocks) - failures}/{len(blocks)} code blocks are excerpts of examples/*.c")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
