//! Writes the demo course, plus a practice lesson, rendered for a target to a
//! folder, with a generated PNG for its image, for looking at and for the
//! player smoke test.
//!
//! `cargo run -p trellis-render --example render-site -- OUT_DIR [TARGET]`

use std::path::Path;

use trellis_render::{RenderOptions, Target, render, state_budget};

/// A small valid PNG (2×2, grey), written uncompressed by hand.
fn png() -> Vec<u8> {
    fn crc(data: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    fn adler(data: &[u8]) -> u32 {
        let (mut a, mut b) = (1u32, 0u32);
        for &d in data {
            a = (a + u32::from(d)) % 65521;
            b = (b + a) % 65521;
        }
        (b << 16) | a
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc(&body).to_be_bytes());
    }
    let (w, h) = (320u32, 180u32);
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0);
        for x in 0..w {
            raw.extend([(x * 255 / w) as u8, (y * 255 / h) as u8, 160]);
        }
    }
    let mut z = vec![0x78, 0x01];
    for (i, block) in raw.chunks(65535).enumerate() {
        let last = (i + 1) * 65535 >= raw.len();
        z.push(u8::from(last));
        z.extend((block.len() as u16).to_le_bytes());
        z.extend((!(block.len() as u16)).to_le_bytes());
        z.extend(block);
    }
    z.extend(adler(&raw).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args.next().ok_or("usage: render-site OUT_DIR [TARGET]")?;
    let target: Target = args.next().as_deref().unwrap_or("web").parse()?;
    let course = trellis_render::fixtures::demo_with_practice();
    let site = render(&course, &RenderOptions::new(target))?;
    let out = Path::new(&out);
    for (name, bytes) in &site.files {
        let path = out.join(name);
        std::fs::create_dir_all(path.parent().expect("a file has a parent"))?;
        std::fs::write(path, bytes)?;
    }
    let image = out.join("assets/images/diagram.png");
    std::fs::create_dir_all(image.parent().expect("a file has a parent"))?;
    std::fs::write(image, png())?;
    let budget = state_budget(&course);
    std::fs::write(
        out.join("budget.json"),
        format!("{{\"worst_case_chars\":{}}}\n", budget.worst_case_chars),
    )?;
    Ok(())
}
