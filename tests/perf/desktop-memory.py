#!/usr/bin/python3
"""The desktop app's memory with a course open, against a blank page in the same engine.

docs/performance.md, "Desktop app", names three targets with the large course
open: the JavaScript heap under 20 MB, the shell under 250 MiB, and the WebKit
web process within 100 MiB above a blank page in the same engine. This script
measures the three once, with no WebDriver in the way:

1. On a fresh Xvfb, a WebKitGTK web view (the system's WebKitGTK through
   PyGObject, set up as the desktop app sets it when there is no GPU:
   hardware acceleration never) shows a blank page; its web process's memory
   is read after `--settle` seconds.
2. `trellis-desktop COURSE` is started on the same display with
   `JSC_logGC=1`, which makes JavaScriptCore log every collection on the web
   process's error output (inherited from the app); after `--settle`
   seconds the shell, web process and network process are read, and the
   JavaScript heap is the size the last full collection left (else the
   last collection of any kind, marked as such).

VmRSS counts the libraries each process maps; Pss shares each shared page
among the processes that map it. Run with the system's Python, which has
PyGObject (python3-gi) and WebKitGTK's introspection data
(gir1.2-webkit2-4.1, installed with libwebkit2gtk-4.1-dev):

    /usr/bin/python3 tests/perf/desktop-memory.py --binary BIN --course large.trellis [--settle 25]
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

BLANK_VIEW = r"""
import sys, gi
gi.require_version("Gtk", "3.0"); gi.require_version("WebKit2", "4.1")
from gi.repository import Gtk, WebKit2
window = Gtk.Window(); window.set_default_size(1280, 800)
view = WebKit2.WebView()
view.get_settings().set_hardware_acceleration_policy(WebKit2.HardwareAccelerationPolicy.NEVER)
window.add(view); window.show_all()
view.load_uri("about:blank")
Gtk.main()
"""


def free_display():
    for n in range(90, 140):
        if not os.path.exists(f"/tmp/.X11-unix/X{n}") and not os.path.exists(f"/tmp/.X{n}-lock"):
            return n
    raise RuntimeError("no free X display number")


def children(pid):
    """Every process below `pid`, as (pid, name)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        found.append((int(entry), ppid, name))
    below, frontier = [], {pid}
    while frontier:
        nxt = {p for p, pp, _ in found if pp in frontier}
        below += [(p, n) for p, pp, n in found if pp in frontier]
        frontier = nxt
    return below


def memory(pid):
    """VmRSS and Pss of `pid`, in MiB."""
    def field(path, key):
        with open(path) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
        return float("nan")
    return field(f"/proc/{pid}/status", "VmRSS"), field(f"/proc/{pid}/smaps_rollup", "Pss")


def one(pids, name):
    """The one process among `pids` whose name (as /proc/PID/stat gives it,
    cut to 15 characters) starts with `name`."""
    matches = [p for p, n in pids if n.startswith(name)]
    if len(matches) != 1:
        raise RuntimeError(f"expected one {name} process, found {matches}")
    return matches[0]


GC_START = re.compile(r"START M (\d+)kb => (\w+)Collection")
GC_END = re.compile(r"=> (\d+)kb, p=[^\]]*END\]")


def collections_in(lines):
    """(kind, heap kB before, heap kB after) of each collection JavaScriptCore
    logged (`JSC_logGC=1`): its START line names the kind and the size, and
    a later line ending in END the size it left."""
    found, started = [], None
    for line in lines:
        start = GC_START.search(line)
        if start:
            started = (start.group(2), int(start.group(1)))
        end = GC_END.search(line)
        if end and started:
            found.append((started[0], started[1], int(end.group(1))))
            started = None
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--course", required=True)
    ap.add_argument("--settle", type=float, default=25.0, help="seconds before memory is read")
    args = ap.parse_args()
    display = free_display()
    xvfb = subprocess.Popen(["Xvfb", f":{display}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    work = tempfile.mkdtemp(prefix="trellis-desktop-memory-")
    env = dict(os.environ, DISPLAY=f":{display}", TRELLIS_CONFIG_DIR=os.path.join(work, "config"))
    procs = [xvfb]
    try:
        deadline = time.monotonic() + 10
        while not os.path.exists(f"/tmp/.X11-unix/X{display}"):
            if time.monotonic() > deadline:
                raise RuntimeError("Xvfb did not start")
            time.sleep(0.05)

        blank = subprocess.Popen([sys.executable, "-c", BLANK_VIEW], env=env)
        procs.append(blank)
        time.sleep(args.settle)
        blank_web = memory(one(children(blank.pid), "WebKitWebProces"))
        blank.send_signal(signal.SIGTERM)
        blank.wait(timeout=10)

        log_path = os.path.join(work, "app.log")
        with open(log_path, "wb") as log:
            app = subprocess.Popen([os.path.abspath(args.binary), os.path.abspath(args.course)],
                                   env=dict(env, JSC_logGC="1"), stdout=log, stderr=subprocess.STDOUT)
        procs.append(app)
        time.sleep(args.settle)
        below = children(app.pid)
        shell = memory(app.pid)
        web = memory(one(below, "WebKitWebProces"))
        network = memory(one(below, "WebKitNetworkPr"))
        app.send_signal(signal.SIGTERM)
        app.wait(timeout=10)
        with open(log_path, errors="replace") as f:
            collections = collections_in(f)
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.kill()
                p.wait()
    full = [c for c in collections if c[0] == "Full"]
    last = (full or collections or [None])[-1]
    print(f"blank page, web process: VmRSS {blank_web[0]:.0f} MiB, Pss {blank_web[1]:.0f} MiB")
    print(f"course open, web process: VmRSS {web[0]:.0f} MiB, Pss {web[1]:.0f} MiB "
          f"({web[0] - blank_web[0]:+.0f} MiB VmRSS above the blank page)")
    print(f"course open, shell (trellis-desktop): VmRSS {shell[0]:.0f} MiB, Pss {shell[1]:.0f} MiB")
    print(f"course open, network process: VmRSS {network[0]:.0f} MiB, Pss {network[1]:.0f} MiB")
    if last:
        kind = "full collection" if full else f"{last[0].lower()} collection (no full one yet)"
        print(f"JavaScript heap after the last {kind}: {last[2] * 1024 / 1e6:.1f} MB ({last[2] / 1024:.1f} MiB) "
              f"({len(collections)} collections, {len(full)} full)")
    else:
        print("JavaScript heap: no collection logged (is JSC_logGC passed to the web process?)")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
