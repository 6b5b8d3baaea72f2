"""Reads Trellis XLIFF exports with translate-toolkit (a second, independent
XLIFF reader), checks their placeables, and writes a translated copy.

Usage: ttk_check.py [--drop-codes] EXPECTED_UNITS IN.xlf OUT.xlf [IN.xlf OUT.xlf ...]

With --drop-codes the targets lose their inline codes, which the checks must
report (so they can fail).

For each file: every unit is read, with its inline codes as placeables; the
target is set to the source with every piece of text marked `FR:` while the
codes stay as they are, and translate-toolkit's standard checks must find no
broken placeable, XML tag or variable. Prints one JSON line per file.
"""

import json
import sys

from translate.filters import checks
from translate.storage import xliff, xliff2
from translate.storage.placeables import StringElem

PLACEABLE_CHECKS = {"xmltags", "placeholders", "variables", "printf", "validxml", "escapes", "brackets"}


def code_ids(rich):
    """The ids of the inline codes translate-toolkit found, sorted."""
    ids = []
    for r in rich:
        for e in r.depth_first():
            if type(e) is StringElem or isinstance(e, str):
                continue
            node = getattr(e, "xml_node", None)
            ids.append(getattr(e, "id", None) or (node.get("id") if node is not None else repr(e)))
    return sorted(str(i) for i in ids)


def translated(elem, drop):
    """A copy of a rich source with its plain text pieces marked (and its
    codes dropped, with `drop`)."""
    if drop:
        return StringElem("FR:" + str(elem))
    out = elem.copy()
    for leaf in out.flatten():
        if type(leaf) is StringElem and leaf.sub and all(isinstance(s, str) for s in leaf.sub):
            leaf.sub = ["FR:" + s if s.strip() else s for s in leaf.sub]
    return out


def main():
    args = sys.argv[1:]
    drop = args[0] == "--drop-codes"
    if drop:
        args = args[1:]
    expected = int(args[0])
    pairs = args[1:]
    failed = False
    for i in range(0, len(pairs), 2):
        src, dst = pairs[i], pairs[i + 1]
        with open(src, "rb") as f:
            head = f.read(400)
        cls = xliff2.Xliff2File if b'version="2.0"' in head else xliff.xlifffile
        store = cls.parsefile(src)
        units = [u for u in store.units if not u.isheader()]
        checker = checks.StandardChecker()
        broken = []
        codes = 0
        for u in units:
            rich = u.rich_source
            codes += len(code_ids(rich))
            u.rich_target = [translated(r, drop) for r in rich]
            found = set(checker.run_filters(u)) & PLACEABLE_CHECKS
            if code_ids(u.rich_target) != code_ids(rich):
                found.add("inline codes differ")
            if found:
                broken.append((u.getid(), sorted(found)))
        store.savefile(dst)
        report = {"file": src, "units": len(units), "codes": codes, "broken": broken}
        print(json.dumps(report))
        if len(units) != expected or broken or codes == 0:
            failed = True
    sys.exit(1 if failed else 0)


main()
