//! Writes the large generated course (`trellis_model::sample::generated_course(Size::LARGE)`:
//! 1,000 lessons, 20,000 blocks, 500 distinct images) to a course file, for
//! the editor and desktop performance figures (`tests/perf/app.mjs`,
//! docs/performance.md), and prints how long the preview takes to render.
//!
//! `cargo run --release -p trellis-app --example large_course -- OUT.trellis`

use std::time::Instant;

use trellis_model::sample::{Size, generated_course, image_name};
use trellis_render::{RenderOptions, Target};

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "large.trellis".into());
    let course = generated_course(Size::LARGE);
    let assets = (0..Size::LARGE.images).map(|i| {
        let name = image_name(i);
        let bytes = png(64, 48, i);
        let info = trellis_assets::inspect(&name, &bytes).expect("a valid PNG");
        (info, bytes)
    });
    let t = Instant::now();
    trellis_store::CourseFile::create(&out, &course, assets).expect("create the course file");
    println!("wrote {out} in {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    let time = |what: &str, f: &mut dyn FnMut() -> usize| {
        let t = Instant::now();
        let n = f();
        println!("{what}: {:.1} ms ({n})", t.elapsed().as_secs_f64() * 1e3);
    };
    time("design check (findings)", &mut || {
        trellis_check::check(&course).findings.len()
    });
    time("course to a JSON value (bytes)", &mut || {
        serde_json::to_value(&course)
            .map(|v| v.to_string().len())
            .unwrap_or(0)
    });
    time("course to JSON bytes (bytes)", &mut || {
        serde_json::to_vec(&course).map(|v| v.len()).unwrap_or(0)
    });
    let options = RenderOptions::new(Target::Preview);
    let first = course
        .lessons()
        .next()
        .map(|l| l.id.clone())
        .into_iter()
        .collect::<Vec<_>>();
    time("one lesson's preview part (bytes)", &mut || {
        trellis_render::preview::lessons(&course, &options, &first)
            .map(|p| p[0].html.len())
            .unwrap_or(0)
    });
    for _ in 0..3 {
        let t = Instant::now();
        let site =
            trellis_render::render(&course, &RenderOptions::new(Target::Preview)).expect("render");
        println!(
            "preview render: {:.1} ms, index.html {} KiB",
            t.elapsed().as_secs_f64() * 1e3,
            site.files["index.html"].len() / 1024
        );
    }
}

/// A distinct RGB PNG (stored, uncompressed deflate), without an image crate.
fn png(w: u32, h: u32, seed: usize) -> Vec<u8> {
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0u8);
        for x in 0..w {
            raw.extend([
                (seed % 251) as u8,
                (x * 4) as u8,
                (y * 5) as u8 ^ (seed / 251) as u8,
            ]);
        }
    }
    let mut z = vec![0x78, 0x01];
    for (i, chunk) in raw.chunks(65_535).enumerate() {
        let last = (i + 1) * 65_535 >= raw.len();
        z.push(u8::from(last));
        let n = chunk.len() as u16;
        z.extend(n.to_le_bytes());
        z.extend((!n).to_le_bytes());
        z.extend(chunk);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    z.extend(((b << 16) | a).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    for (kind, data) in [(b"IHDR", ihdr), (b"IDAT", z), (b"IEND", Vec::new())] {
        out.extend((data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(&data);
        let crc = crc32(&out[start..]);
        out.extend(crc.to_be_bytes());
    }
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xffff_ffffu32;
    for &b in bytes {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}
