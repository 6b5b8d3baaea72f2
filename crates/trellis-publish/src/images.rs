//! Images sized for the web: resized so the longest side is at most
//! [`ImageOptions::max_side`] (never upscaled), re-encoded in their own format
//! (PNG with high compression, JPEG at [`ImageOptions::jpeg_quality`]), and
//! kept only when that makes the file smaller. GIFs (maybe animated) are
//! copied as they are.
//!
//! Results are cached in a folder, keyed by the SHA-256 of the original and
//! the processing parameters, so an unchanged image is never redone.

use std::io::Cursor;
use std::path::Path;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// How images are processed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageOptions {
    /// Longest side, in pixels, of a published image.
    pub max_side: u32,
    /// JPEG quality, 1 to 100.
    pub jpeg_quality: u8,
    /// A JPEG that needs no resizing is re-encoded only when that saves at
    /// least this percentage (re-encoding a JPEG loses a little quality).
    pub jpeg_min_saving_percent: u8,
}

impl Default for ImageOptions {
    fn default() -> Self {
        Self {
            max_side: 1600,
            jpeg_quality: 82,
            jpeg_min_saving_percent: 10,
        }
    }
}

/// Bump when processing changes so old cache entries are not reused.
const PROCESSOR_VERSION: &str = "trellis-images-1/image-0.25";

impl ImageOptions {
    /// The parameters that decide the output, as they enter the cache key.
    fn cache_params(&self) -> String {
        format!(
            "{PROCESSOR_VERSION};max={};q={};min={}",
            self.max_side, self.jpeg_quality, self.jpeg_min_saving_percent
        )
    }
}

/// What processing did to one image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Kept as it is (already small enough, or re-encoding did not help).
    Kept,
    /// Replaced by smaller bytes; `resized` holds the new pixel size if it was
    /// resized.
    Replaced {
        bytes: Vec<u8>,
        resized: Option<(u32, u32)>,
    },
}

/// One processed image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    pub outcome: Outcome,
    pub from_cache: bool,
    /// A problem with the cache, worth a warning but not a failure.
    pub cache_problem: Option<String>,
}

/// Whether `name` is an image this module processes.
pub fn is_processed(name: &str) -> bool {
    format_of(name).is_some()
}

fn format_of(name: &str) -> Option<ImageFormat> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "png" => Some(ImageFormat::Png),
        "jpg" | "jpeg" => Some(ImageFormat::Jpeg),
        "webp" => Some(ImageFormat::WebP),
        _ => None,
    }
}

/// How much memory processing `bytes` takes at most, estimated from the
/// image's header (its size in pixels and bytes per pixel): the decoded
/// picture, the decoder's own buffers (about a quarter more), a turned copy
/// when the photo's orientation tag asks for one, and resizing's
/// intermediate picture (full width, resized height, four bytes a channel).
/// A 12,000 × 8,000 photo needs about 500 MB, a 4,000 × 3,000 one about
/// 100 MB. Publishing admits images to its workers within a total budget
/// of these ([`crate::PublishOptions::image_memory`]). 0 for what is not
/// processed, or whose header cannot be read (it fails at once).
pub fn memory_needed(name: &str, bytes: &[u8], options: &ImageOptions) -> u64 {
    let Some(format) = format_of(name) else {
        return 0;
    };
    let Ok(mut decoder) = ImageReader::with_format(Cursor::new(bytes), format).into_decoder()
    else {
        return 0;
    };
    let (w, h) = decoder.dimensions();
    let (w, h) = (u64::from(w), u64::from(h));
    let color = decoder.color_type();
    let decoded = w * h * u64::from(color.bytes_per_pixel());
    let turned = match decoder.orientation() {
        Ok(image::metadata::Orientation::NoTransforms) | Err(_) => 0,
        Ok(_) => decoded,
    };
    let max = u64::from(options.max_side.max(1));
    let resize = if w.max(h) > max {
        let channels = u64::from(color.channel_count());
        w.max(h) * h.min(w).min(max) * channels * 4
    } else {
        0
    };
    decoded + decoded / 4 + turned + resize
}

/// Processes one image, through the cache in `cache_dir` when given.
/// `sha256` is the lower-case hex SHA-256 of `bytes`.
pub fn process(
    name: &str,
    bytes: &[u8],
    sha256: &str,
    options: &ImageOptions,
    cache_dir: Option<&Path>,
) -> Result<Processed, String> {
    let Some(format) = format_of(name) else {
        return Ok(Processed {
            outcome: Outcome::Kept,
            from_cache: false,
            cache_problem: None,
        });
    };
    let key = trellis_assets::sha256_hex(format!("{sha256};{}", options.cache_params()).as_bytes());
    let entry = cache_dir.map(|dir| dir.join(format!("{key}.img")));
    if let Some(path) = &entry
        && let Ok(cached) = std::fs::read(path)
        && let Some(outcome) = decode_entry(&cached)
    {
        return Ok(Processed {
            outcome,
            from_cache: true,
            cache_problem: None,
        });
    }
    let outcome = process_uncached(bytes, format, options)?;
    let cache_problem = entry.and_then(|path| {
        store_entry(&path, &outcome)
            .err()
            .map(|e| format!("could not write the image cache at {}: {e}", path.display()))
    });
    Ok(Processed {
        outcome,
        from_cache: false,
        cache_problem,
    })
}

/// Cache entry: `K` (kept), or `R` + width + height (0 when not resized,
/// big-endian u32) + the new bytes.
fn encode_entry(outcome: &Outcome) -> Vec<u8> {
    match outcome {
        Outcome::Kept => b"K".to_vec(),
        Outcome::Replaced { bytes, resized } => {
            let (w, h) = resized.unwrap_or((0, 0));
            let mut out = Vec::with_capacity(bytes.len() + 9);
            out.push(b'R');
            out.extend_from_slice(&w.to_be_bytes());
            out.extend_from_slice(&h.to_be_bytes());
            out.extend_from_slice(bytes);
            out
        }
    }
}

fn decode_entry(data: &[u8]) -> Option<Outcome> {
    match data.split_first()? {
        (b'K', []) => Some(Outcome::Kept),
        (b'R', rest) if rest.len() > 8 => {
            let w = u32::from_be_bytes(rest[0..4].try_into().ok()?);
            let h = u32::from_be_bytes(rest[4..8].try_into().ok()?);
            Some(Outcome::Replaced {
                bytes: rest[8..].to_vec(),
                resized: (w != 0 && h != 0).then_some((w, h)),
            })
        }
        _ => None,
    }
}

/// Writes a cache entry atomically (a fresh hidden file created
/// exclusively, then renamed: [`crate::output::Unfinished`]), so a crash
/// never leaves a half-written entry behind and a planted link is never
/// followed.
fn store_entry(path: &Path, outcome: &Outcome) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let (unfinished, mut file) = crate::output::Unfinished::file_beside(path)?;
    file.write_all(&encode_entry(outcome))?;
    drop(file);
    unfinished.finish(path)
}

fn process_uncached(
    bytes: &[u8],
    format: ImageFormat,
    options: &ImageOptions,
) -> Result<Outcome, String> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(trellis_assets::MAX_IMAGE_SIDE);
    limits.max_image_height = Some(trellis_assets::MAX_IMAGE_SIDE);
    limits.max_alloc = Some(trellis_assets::MAX_IMAGE_ALLOC);
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| format!("it cannot be read as an image: {e}"))?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img =
        DynamicImage::from_decoder(decoder).map_err(|e| format!("it cannot be decoded: {e}"))?;
    // Re-encoding drops the EXIF orientation tag, so apply it to the pixels.
    img.apply_orientation(orientation);

    let max = options.max_side.max(1);
    let resized = if img.width().max(img.height()) > max {
        img = img.resize(max, max, FilterType::Lanczos3);
        Some((img.width(), img.height()))
    } else {
        None
    };

    let mut out = Vec::new();
    let encoded = match format {
        ImageFormat::Png => img.write_with_encoder(PngEncoder::new_with_quality(
            &mut out,
            CompressionType::Best,
            PngFilter::Adaptive,
        )),
        ImageFormat::Jpeg => {
            let img = match img {
                DynamicImage::ImageLuma8(_) | DynamicImage::ImageRgb8(_) => img,
                other => DynamicImage::ImageRgb8(other.to_rgb8()),
            };
            img.write_with_encoder(JpegEncoder::new_with_quality(
                &mut out,
                options.jpeg_quality.clamp(1, 100),
            ))
        }
        _ => {
            let img = match img {
                DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) => img,
                other => DynamicImage::ImageRgba8(other.to_rgba8()),
            };
            img.write_with_encoder(WebPEncoder::new_lossless(&mut out))
        }
    };
    encoded.map_err(|e| format!("it cannot be re-encoded: {e}"))?;

    let worth_it = if format == ImageFormat::Jpeg && resized.is_none() {
        let saving = bytes.len().saturating_sub(out.len()) as u128 * 100;
        saving >= u128::from(options.jpeg_min_saving_percent) * bytes.len() as u128
            && out.len() < bytes.len()
    } else {
        out.len() < bytes.len()
    };
    Ok(if worth_it {
        Outcome::Replaced {
            bytes: out,
            resized,
        }
    } else {
        Outcome::Kept
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
        });
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = Vec::new();
        img.write_with_encoder(JpegEncoder::new_with_quality(&mut out, 100))
            .unwrap();
        out
    }

    fn size_of(bytes: &[u8]) -> (u32, u32) {
        let img = image::load_from_memory(bytes).unwrap();
        (img.width(), img.height())
    }

    #[test]
    fn large_images_shrink_and_keep_their_format_and_aspect() {
        let opts = ImageOptions {
            max_side: 100,
            ..ImageOptions::default()
        };
        let original = png(400, 200);
        let p = process("a.png", &original, "x", &opts, None).unwrap();
        let Outcome::Replaced { bytes, resized } = p.outcome else {
            panic!("not resized")
        };
        assert_eq!(resized, Some((100, 50)));
        assert_eq!(size_of(&bytes), (100, 50));
        assert_eq!(image::guess_format(&bytes).unwrap(), ImageFormat::Png);

        let original = jpeg(300, 600);
        let p = process("b.jpg", &original, "y", &opts, None).unwrap();
        let Outcome::Replaced { bytes, .. } = p.outcome else {
            panic!("not resized")
        };
        assert_eq!(size_of(&bytes), (50, 100));
        assert_eq!(image::guess_format(&bytes).unwrap(), ImageFormat::Jpeg);
    }

    #[test]
    fn small_images_are_never_upscaled() {
        let original = png(20, 10);
        let p = process("a.png", &original, "z", &ImageOptions::default(), None).unwrap();
        match p.outcome {
            Outcome::Kept => {}
            Outcome::Replaced { bytes, resized } => {
                assert_eq!(resized, None);
                assert_eq!(size_of(&bytes), (20, 10));
                assert!(bytes.len() < original.len());
            }
        }
    }

    #[test]
    fn gifs_and_media_are_not_touched() {
        let p = process("a.gif", b"GIF89a", "g", &ImageOptions::default(), None).unwrap();
        assert_eq!(p.outcome, Outcome::Kept);
        assert!(!is_processed("v.mp4"));
    }

    #[test]
    fn the_cache_answers_the_second_time() {
        let _turn = crate::output::tests::turn();
        let dir = tempfile::tempdir().unwrap();
        let opts = ImageOptions {
            max_side: 64,
            ..ImageOptions::default()
        };
        let original = png(200, 100);
        let sha = trellis_assets::sha256_hex(&original);
        let first = process("a.png", &original, &sha, &opts, Some(dir.path())).unwrap();
        assert!(!first.from_cache);
        let second = process("a.png", &original, &sha, &opts, Some(dir.path())).unwrap();
        assert!(second.from_cache);
        assert_eq!(first.outcome, second.outcome);
        // Other parameters, other entry.
        let other = ImageOptions {
            max_side: 32,
            ..opts
        };
        let third = process("a.png", &original, &sha, &other, Some(dir.path())).unwrap();
        assert!(!third.from_cache);
    }

    #[test]
    fn broken_images_are_reported() {
        let err = process("a.png", b"not a png", "q", &ImageOptions::default(), None);
        assert!(err.is_err());
    }
}
