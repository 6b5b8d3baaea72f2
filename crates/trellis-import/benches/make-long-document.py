"""Writes the benchmark document: a Markdown source of about 100 pages
(50,000 words in 10 chapters of 10 sections, lists and tables among the
paragraphs) with 50 PNG pictures of 800 x 600 pixels, then has pandoc turn
it into long-document.docx. Usage: make-long-document.py OUT_DIR"""
import os, random, struct, subprocess, sys, zlib

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = random.Random(20)
WORDS = ("learner course module lesson practice feedback objective question "
         "answer safety report alarm exit badge visitor password manager sender "
         "link message review colleague risk check signal policy procedure").split()

def png(path, w, h, seed):
    """A picture with gradients and noise, so it compresses like a photo-ish chart."""
    r = random.Random(seed)
    rows = []
    for y in range(h):
        row = bytearray()
        for x in range(w):
            row += bytes(((x + seed * 13) & 255, (y * 3) & 255, r.randrange(256) if (x * y) % 7 == 0 else (x ^ y) & 255))
        rows.append(b"\x00" + bytes(row))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) + chunk(b"IEND", b"")
    open(path, "wb").write(data)

def sentence():
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."

md = ["---", "title: Long benchmark handbook", "---", ""]
picture = 0
for chapter in range(10):
    md += [f"# Chapter {chapter + 1}", ""]
    for section in range(10):
        md += [f"## Section {chapter + 1}.{section + 1}", ""]
        for para in range(4):
            md += [" ".join(sentence() for _ in range(8)), ""]
        md += [f"### Points to remember", ""]
        md += [f"- {sentence()}" for _ in range(4)] + [""]
        if section % 3 == 0:
            md += ["| Step | What to do |", "|---|---|"]
            md += [f"| {i + 1} | {sentence()} |" for i in range(4)] + [""]
        if section % 2 == 1:
            picture += 1
            name = f"picture-{picture}.png"
            png(os.path.join(out, name), 800, 600, picture)
            md += [f"![Chart {picture}: {sentence()}]({name})", ""]
open(os.path.join(out, "long-document.md"), "w").write("\n".join(md))
subprocess.run(["pandoc", "long-document.md", "-o", "long-document.docx"], cwd=out, check=True)
print(f"{picture} pictures, {sum(len(l.split()) for l in md)} words")
