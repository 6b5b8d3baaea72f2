"""App start measured on the screen, and memory, with no WebDriver in the way.

    python3 tests/perf/app-start-screen.py --binary PATH --course FILE [--runs 3] [--frames DIR] [--edits N] [NAME=VALUE ...]

Starts `trellis-desktop COURSE` on a fresh Xvfb (1280x800) and reads two
parts of the screen through libX11 (ctypes, no packages needed) every 5 ms
or so: the menu bar and the lesson title field (small, so reading them
costs the app little), noting each time they change, until they have not
changed for 3 s. The *window* is there when the menu bar is first drawn;
the course is *shown* when the title field first looks as it does at the
end: the moment an author can read the open lesson. Both are times from
the process's launch. NAME=VALUE pairs
are added to the app's environment (e.g. WEBKIT_DISABLE_COMPOSITING_MODE=1);
--frames DIR writes each changed frame as a half-size PNG to look at.

Memory is read once the screen has settled, before the app is stopped: for
trellis-desktop and each WebKit process it started, VmRSS (resident: every
page the process maps, shared libraries counted whole) and Pss (each shared
page divided among the processes that map it), from /proc. With --edits N
the lesson title is then edited N times the way an author does it, through
the X server's test extension (click the field, select all, type, Tab to
commit), and memory is read again once the screen has settled.

tests/perf/app-desktop.mjs measures the same start through WebDriver, which
adds its own work to the window's start (docs/performance.md, "Desktop app").
"""
import argparse, ctypes, ctypes.util, functools, os, shutil, statistics, struct, subprocess, sys, tempfile, time, zlib

W, H = 1280, 800
# The open lesson's title field, in screen pixels (x, y, width, height),
# and the window's menu bar: the only parts read, to keep the reading cheap.
TITLE = (314, 266, 290, 38)
MENU = (0, 0, 200, 24)

parser = argparse.ArgumentParser()
parser.add_argument("--binary", required=True)
parser.add_argument("--course", required=True)
parser.add_argument("--runs", type=int, default=3)
parser.add_argument("--frames")
parser.add_argument("--edits", type=int, default=0)
parser.add_argument("env", nargs="*")
args = parser.parse_args()

class XImage(ctypes.Structure):
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
                ("format", ctypes.c_int), ("data", ctypes.c_void_p), ("byte_order", ctypes.c_int),
                ("bitmap_unit", ctypes.c_int), ("bitmap_bit_order", ctypes.c_int),
                ("bitmap_pad", ctypes.c_int), ("depth", ctypes.c_int),
                ("bytes_per_line", ctypes.c_int), ("bits_per_pixel", ctypes.c_int)]

x11 = ctypes.CDLL(ctypes.util.find_library("X11"))
x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XDefaultRootWindow.restype = ctypes.c_ulong
x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x11.XGetImage.restype = ctypes.POINTER(XImage)
x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                          ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
x11.XStringToKeysym.restype = ctypes.c_ulong
x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
x11.XKeysymToKeycode.restype = ctypes.c_ubyte
x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
x11.XFlush.argtypes = [ctypes.c_void_p]
libc = ctypes.CDLL(None)
libc.free.argtypes = [ctypes.c_void_p]


def grab(display, root, box=(0, 0, W, H)):
    """The pixels of `box` on the screen as BGRX bytes, and the length of a row."""
    x, y, w, h = box
    image = x11.XGetImage(display, root, x, y, w, h, 0xFFFFFFFF, 2)  # ZPixmap
    im = image.contents
    data = ctypes.string_at(im.data, im.bytes_per_line * h)
    row = im.bytes_per_line
    libc.free(im.data)
    libc.free(image)
    return data, row


def png(path, frame):
    """A half-size RGB PNG of `frame`."""
    data, row = frame
    lines = []
    for y in range(0, H, 2):
        line = data[y * row:y * row + W * 4]
        rgb = bytearray(W // 2 * 3)
        rgb[0::3], rgb[1::3], rgb[2::3] = line[2::8], line[1::8], line[0::8]
        lines.append(b"\x00" + bytes(rgb))
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", W // 2, H // 2, 8, 2, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(lines), 1)) + chunk(b"IEND", b""))


@functools.cache
def xtest():
    """libXtst, the X server's test extension: input as if from the keyboard and mouse."""
    xtst = ctypes.CDLL(ctypes.util.find_library("Xtst"))
    xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_ulong]
    xtst.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
    xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
    return xtst


def edit_title(display, n):
    """Edits the lesson title as an author does: click, select all, type, Tab."""
    xtst = xtest()
    code = lambda name: x11.XKeysymToKeycode(display, x11.XStringToKeysym(name.encode()))
    def key(name, held=None):
        if held:
            xtst.XTestFakeKeyEvent(display, code(held), True, 0)
        xtst.XTestFakeKeyEvent(display, code(name), True, 0)
        xtst.XTestFakeKeyEvent(display, code(name), False, 0)
        if held:
            xtst.XTestFakeKeyEvent(display, code(held), False, 0)
        x11.XFlush(display)
    x, y, w, h = TITLE
    xtst.XTestFakeMotionEvent(display, -1, x + w // 2, y + h // 2, 0)
    xtst.XTestFakeButtonEvent(display, 1, True, 0)
    xtst.XTestFakeButtonEvent(display, 1, False, 0)
    key("a", held="Control_L")
    for ch in f"edit {n}":
        key("space" if ch == " " else ch)
        time.sleep(0.01)
    key("Tab")


def descendants(pid):
    """The processes started by `pid`, and by those, from /proc."""
    children = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        kids = children.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def memory(pid):
    """{name: (VmRSS, Pss) in MiB} of process `pid` and the WebKit processes it started."""
    out = {}
    for p in [pid] + descendants(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                status = dict(line.split(":", 1) for line in f if ":" in line)
            with open(f"/proc/{p}/smaps_rollup") as f:
                pss = next(line.split(":", 1)[1] for line in f if line.startswith("Pss:"))
        except OSError:
            continue
        name = status["Name"].strip()
        if p == pid or name.startswith("WebKit"):
            mib = lambda v: int(v.split()[0]) / 1024
            out[name] = (mib(status["VmRSS"]), mib(pss))
    return out


def run(n):
    # Xvfb picks a free display and writes its number to the pipe.
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{W}x{H}x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    work = tempfile.mkdtemp(prefix="trellis-start-")
    try:
        display = x11.XOpenDisplay(f":{number}".encode()) if number else None
        if not display:
            sys.exit("Xvfb did not start")
        root = x11.XDefaultRootWindow(display)
        course = os.path.join(work, os.path.basename(args.course))
        (shutil.copytree if os.path.isdir(args.course) else shutil.copy)(args.course, course)
        env = dict(os.environ, DISPLAY=f":{number}", TRELLIS_CONFIG_DIR=os.path.join(work, "config"), TMPDIR=work)
        env.update(pair.split("=", 1) for pair in args.env)
        def look():
            return grab(display, root, MENU)[0], grab(display, root, TITLE)[0]
        last = look()
        frames = []  # (ms from launch, the menu bar and title pixels, the whole screen with --frames)
        start = time.monotonic()
        app = subprocess.Popen([args.binary, course], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while True:
            now = time.monotonic() - start
            seen = look()
            if seen != last:
                frames.append((round(now * 1000), seen, grab(display, root) if args.frames else None))
                last = seen
            if (frames and now - frames[-1][0] / 1000 > 3) or now > 60:
                break
            time.sleep(0.005)
        used = memory(app.pid)
        edited = None
        if args.edits and frames:
            for k in range(args.edits):
                edit_title(display, k + 1)
                time.sleep(0.15)
            settled = time.monotonic()
            while time.monotonic() - settled < 3:  # the screen still for 3 s
                seen = look()
                if seen != last:
                    last, settled = seen, time.monotonic()
                time.sleep(0.05)
            edited = memory(app.pid)
            if args.frames:
                os.makedirs(args.frames, exist_ok=True)
                png(os.path.join(args.frames, f"run{n}-edited.png"), grab(display, root))
        app.terminate()
        app.wait()
        x11.XCloseDisplay(display)
    finally:
        xvfb.terminate()
        xvfb.wait()
        shutil.rmtree(work, ignore_errors=True)
    if not frames:
        sys.exit("the window never appeared")
    final_title = frames[-1][1][1]
    shown = next(ms for ms, (_, title), _ in frames if title == final_title)
    if args.frames:
        os.makedirs(args.frames, exist_ok=True)
        for ms, _, frame in frames:
            png(os.path.join(args.frames, f"run{n}-{ms:05d}.png"), frame)
    print(f"run {n}: window at {frames[0][0]} ms, course shown at {shown} ms "
          f"({len(frames)} changed frames, the last at {frames[-1][0]} ms)", flush=True)
    line = lambda used: "; ".join(f"{name} VmRSS {rss:.0f} MiB, Pss {pss:.0f}" for name, (rss, pss) in used.items())
    print(f"run {n}: memory with the course open: {line(used)}", flush=True)
    if edited:
        print(f"run {n}: memory after {args.edits} edits: {line(edited)}", flush=True)
    return shown, used, edited


results = [run(n + 1) for n in range(args.runs)]
shown = [ms for ms, _, _ in results]
print(f"course shown: median {statistics.median(shown):.0f} ms of {len(shown)} runs ({', '.join(map(str, shown))})")
for when, which in [("course open", 1), (f"after {args.edits} edits", 2)]:
    runs = [r[which] for r in results if r[which]]
    for name in runs[0] if runs else []:
        rss = [used[name][0] for used in runs if name in used]
        pss = [used[name][1] for used in runs if name in used]
        print(f"{when}: {name} VmRSS median {statistics.median(rss):.0f} MiB ({', '.join(f'{v:.0f}' for v in rss)}), "
              f"Pss median {statistics.median(pss):.0f} MiB")
