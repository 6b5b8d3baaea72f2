#!/usr/bin/env python3
"""Makes the example courses' audio and video from their own captions.

Each media block of the examples has a WebVTT captions file under
`assets/captions/`. This script speaks every cue with espeak-ng (one voice
per speaker named in `<v Name>` tags; a cue in [brackets] is a pause),
joins the cues into one narration, rewrites the captions file with the
times the cues really have in that narration, and encodes it with ffmpeg:
WebM (Opus sound only) for audio blocks, and for video blocks a WebM (VP8 picture,
Opus sound) showing one of the course's own images while the narration
plays. Both play in Chromium and in WebKitGTK (GStreamer), offline.

Needs Debian's `espeak-ng` and `ffmpeg` (`apt-get install espeak-ng ffmpeg`).
Run from anywhere:

    python3 examples/make-media.py

The output is the same on every run with the same espeak-ng and ffmpeg.
"""

import re
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent

# (example, captions file, media file to write, picture for a video or None),
# paths under the example's assets/.
MEDIA = [
    ("phishing-awareness", "captions/vishing-call.vtt", "media/vishing-call.webm", None),
    (
        "phishing-awareness",
        "captions/check-a-link.vtt",
        "media/check-a-link.webm",
        "images/link-preview.png",
    ),
    (
        "safe-forklift-operation",
        "captions/lift-commentary.vtt",
        "media/lift-commentary.webm",
        None,
    ),
    (
        "safe-forklift-operation",
        "captions/pre-use-check.vtt",
        "media/pre-use-check.webm",
        "images/pre-use-flow.png",
    ),
]

# espeak-ng voices: the narrator (no <v> tag) and the speakers of dialogues.
VOICES = {"": "en-gb", "Caller": "en-gb-x-rp", "Sam": "en-us+f3"}
WORDS_PER_MINUTE = "160"
GAP_SECONDS = 0.35  # silence after each cue
PAUSE_SECONDS = 1.5  # a [bracketed] cue: a sound, not speech
RATE = 22050  # espeak-ng's own sample rate

TIME = re.compile(r"^\d\d:\d\d:\d\d\.\d\d\d --> \d\d:\d\d:\d\d\.\d\d\d")
VOICE_TAG = re.compile(r"^<v ([^>]+)>")


def cues(vtt: str):
    """The cues of a captions file as (speaker, lines)."""
    out = []
    for block in vtt.replace("\r\n", "\n").split("\n\n"):
        lines = [l for l in block.strip().split("\n") if l]
        if not lines or not TIME.match(lines[0]):
            continue
        text = lines[1:]
        tag = VOICE_TAG.match(text[0])
        speaker = tag.group(1) if tag else ""
        out.append((speaker, text))
    return out


def spoken(lines) -> str:
    """What espeak-ng says for a cue: its text without tags."""
    return " ".join(re.sub(r"<[^>]+>", "", l) for l in lines).strip()


def stamp(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3600000:02}:{ms // 60000 % 60:02}:{ms // 1000 % 60:02}.{ms % 1000:03}"


def silence(seconds: float) -> bytes:
    return b"\0\0" * round(seconds * RATE)


def speak(text: str, voice: str, tmp: Path) -> bytes:
    out = tmp / "cue.wav"
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", WORDS_PER_MINUTE, "-w", str(out), text],
        check=True,
    )
    with wave.open(str(out)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, RATE)
        return w.readframes(w.getnframes())


def make(example: str, captions: str, media: str, picture, tmp: Path) -> None:
    assets = EXAMPLES / example / "assets"
    vtt_path = assets / captions
    pcm = bytearray()
    timed = ["WEBVTT", ""]
    for speaker, lines in cues(vtt_path.read_text(encoding="utf-8")):
        text = spoken(lines)
        if text.startswith("[") and text.endswith("]"):
            sound = silence(PAUSE_SECONDS)
        else:
            sound = speak(text, VOICES[speaker], tmp)
        start = len(pcm) / 2 / RATE
        pcm += sound
        end = len(pcm) / 2 / RATE
        pcm += silence(GAP_SECONDS)
        timed += [f"{stamp(start)} --> {stamp(end)}", *lines, ""]
    vtt_path.write_text("\n".join(timed), encoding="utf-8")

    narration = tmp / "narration.wav"
    with wave.open(str(narration), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(bytes(pcm))
    out = assets / media
    out.parent.mkdir(parents=True, exist_ok=True)
    opus = ["-c:a", "libopus", "-b:a", "16k", "-ac", "1", "-application", "voip"]
    same_every_time = ["-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact"]
    if picture is None:
        inputs = ["-i", str(narration)]
        video = []
    else:
        # The picture, centred on a white 16:9 frame, one frame a second.
        inputs = ["-loop", "1", "-framerate", "1", "-i", str(assets / picture), "-i", str(narration)]
        video = [
            "-vf",
            "scale=800:-2,pad=800:450:(ow-iw)/2:(oh-ih)/2:white,format=yuv420p",
            "-c:v", "libvpx", "-b:v", "12k", "-g", "30", "-shortest",
        ]
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", *inputs, *video, *opus, *same_every_time, str(out)],
        check=True,
    )
    seconds = len(pcm) / 2 / RATE
    print(f"{example}/assets/{media}: {seconds:.1f} s, {out.stat().st_size // 1024} KiB")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        for item in MEDIA:
            make(*item, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
