//! Fuzzing without AFL, for CI: each target's body is run on mutations of
//! its seeds (bit flips, random and "interesting" bytes, insertions,
//! deletions, copies, splices of two seeds, cuts) for a fixed time, in one
//! ordinary process, built like the replay test. No coverage guides it,
//! so it finds less than AFL in the same time, but it needs no AFL++, no
//! instrumented build and no `cargo install`: the cost in CI is the
//! seconds it runs. `cargo xtask fuzz --smoke` runs it.
//!
//! A panic is a finding: the input is saved and the run fails. So is an
//! input that runs longer than the hang limit: a watchdog thread saves it
//! and ends the process.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::Target;

/// A small random number generator (xorshift64*): the same seed gives the
/// same inputs, so a finding can be found again with `--seed`.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

const INTERESTING: &[u8] = &[0, 1, 0x7f, 0x80, 0xff, b'\n', b'"', b'<', b'{', b'[', b'\\'];

/// One to eight stacked mutations of `input`, tokens from `dict` and
/// pieces of `other` (another seed) included.
pub fn mutate(rng: &mut Rng, input: &[u8], other: &[u8], dict: &[Vec<u8>]) -> Vec<u8> {
    let mut data = input.to_vec();
    for _ in 0..1 + rng.below(8) {
        let len = data.len();
        match rng.below(10) {
            0 if len > 0 => {
                let at = rng.below(len);
                data[at] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let at = rng.below(len);
                data[at] = rng.next_u64() as u8;
            }
            2 if len > 0 => {
                let at = rng.below(len);
                data[at] = INTERESTING[rng.below(INTERESTING.len())];
            }
            3 => {
                let at = rng.below(len + 1);
                let n = 1 + rng.below(16);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
                data.splice(at..at, bytes);
            }
            4 if len > 1 => {
                let at = rng.below(len);
                let n = 1 + rng.below((len - at).min(64));
                data.drain(at..at + n);
            }
            5 if len > 1 => {
                // Copy a piece of the input elsewhere in it.
                let from = rng.below(len);
                let n = 1 + rng.below((len - from).min(64));
                let piece = data[from..from + n].to_vec();
                let at = rng.below(len + 1);
                data.splice(at..at, piece);
            }
            6 if !dict.is_empty() => {
                let token = &dict[rng.below(dict.len())];
                let at = rng.below(len + 1);
                data.splice(at..at, token.iter().copied());
            }
            7 if !other.is_empty() => {
                // Splice: the head of this input, the tail of another.
                let cut = rng.below(len + 1);
                let from = rng.below(other.len());
                data.truncate(cut);
                data.extend_from_slice(&other[from..]);
            }
            8 if len > 0 => {
                data.truncate(rng.below(len));
            }
            _ => {
                // A number as text: lengths, versions and counts are read
                // from text in every format here.
                let at = rng.below(len + 1);
                let n = match rng.below(4) {
                    0 => "-1".to_owned(),
                    1 => "4294967296".to_owned(),
                    2 => "0".to_owned(),
                    _ => rng.next_u64().to_string(),
                };
                data.splice(at..at, n.into_bytes());
            }
        }
    }
    data
}

/// Reads an AFL dictionary (`name="value"` lines, `\xNN`, `\"` and `\\`
/// escapes); a missing file is an empty dictionary.
pub fn read_dict(path: &Path) -> Vec<Vec<u8>> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let mut tokens = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let (Some(start), Some(end)) = (line.find('"'), line.rfind('"')) else {
            continue;
        };
        if end <= start {
            continue;
        }
        let raw = &line.as_bytes()[start + 1..end];
        let mut token = Vec::new();
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'\\' && i + 1 < raw.len() {
                if raw[i + 1] == b'x' && i + 3 < raw.len() {
                    let hex = std::str::from_utf8(&raw[i + 2..i + 4]).unwrap_or("");
                    if let Ok(b) = u8::from_str_radix(hex, 16) {
                        token.push(b);
                        i += 4;
                        continue;
                    }
                }
                token.push(raw[i + 1]);
                i += 2;
            } else {
                token.push(raw[i]);
                i += 1;
            }
        }
        tokens.push(token);
    }
    tokens
}

/// The files of a corpus folder (hidden names skipped), sorted by name.
pub fn read_inputs(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

/// What one blind run did.
#[derive(Debug, Default)]
pub struct Report {
    pub executions: u64,
    pub seconds: f64,
    /// The slowest single execution.
    pub slowest: Duration,
    /// Inputs that panicked, saved where the run was told to.
    pub crashes: Vec<PathBuf>,
}

/// How long and where a blind run works.
#[derive(Clone, Copy)]
pub struct Settings<'a> {
    /// How long to fuzz the target.
    pub time: Duration,
    /// An execution longer than this is a hang.
    pub hang: Duration,
    /// The random seed (printed, so that a run can be repeated).
    pub seed: u64,
    /// Where inputs that fail are saved.
    pub findings: &'a Path,
}

/// Runs `target` on mutations of `seeds` for `settings.time`, saving inputs
/// that panic into `settings.findings` (made when needed). An execution
/// that takes longer than `settings.hang` is saved as `hang-…` and ends the
/// process with status 2, as it may never return.
pub fn run(
    name: &str,
    target: Target,
    seeds: &[Vec<u8>],
    dict: &[Vec<u8>],
    settings: &Settings<'_>,
) -> Report {
    let Settings {
        time,
        hang,
        seed,
        findings,
    } = *settings;
    let mut rng = Rng::new(seed);
    let mut report = Report::default();
    if seeds.is_empty() {
        return report;
    }
    // The watchdog: the input being run and when it started (µs since
    // `start`, 0 while none runs).
    let start = Instant::now();
    let current: Arc<Mutex<Vec<u8>>> = Arc::default();
    let began = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicU64::new(0));
    {
        let (current, began, done) = (current.clone(), began.clone(), done.clone());
        let findings = findings.to_owned();
        let name = name.to_owned();
        std::thread::spawn(move || {
            while done.load(Ordering::Relaxed) == 0 {
                std::thread::sleep(Duration::from_millis(100));
                let at = began.load(Ordering::Relaxed);
                if at == 0 {
                    continue;
                }
                let running = start.elapsed().saturating_sub(Duration::from_micros(at));
                if running > hang {
                    let input = current.lock().unwrap_or_else(|e| e.into_inner()).clone();
                    let _ = std::fs::create_dir_all(&findings);
                    let path = findings.join(format!("hang-{seed}"));
                    let _ = std::fs::write(&path, &input);
                    eprintln!(
                        "{name}: an input ran longer than {} s; saved as {}",
                        hang.as_secs(),
                        path.display()
                    );
                    std::process::exit(2);
                }
            }
        });
    }
    let previous_hook = std::panic::take_hook();
    // The panic's message is printed once per finding below.
    std::panic::set_hook(Box::new(|_| {}));
    while start.elapsed() < time {
        let input = &seeds[rng.below(seeds.len())];
        let other = &seeds[rng.below(seeds.len())];
        let data = mutate(&mut rng, input, other, dict);
        *current.lock().unwrap_or_else(|e| e.into_inner()) = data.clone();
        let t = Instant::now();
        began.store(start.elapsed().as_micros().max(1) as u64, Ordering::Relaxed);
        let result = std::panic::catch_unwind(|| target(&data));
        began.store(0, Ordering::Relaxed);
        report.slowest = report.slowest.max(t.elapsed());
        report.executions += 1;
        if let Err(panic) = result {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            let _ = std::fs::create_dir_all(findings);
            let path = findings.join(format!("crash-{seed}-{}", report.executions));
            let _ = std::fs::write(&path, &data);
            eprintln!(
                "{name}: panic ({message}); input saved as {}",
                path.display()
            );
            report.crashes.push(path);
        }
    }
    done.store(1, Ordering::Relaxed);
    std::panic::set_hook(previous_hook);
    report.seconds = start.elapsed().as_secs_f64();
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_stay_reproducible_and_vary() {
        let seed = b"format = \"trellis-review\"".to_vec();
        let a: Vec<Vec<u8>> = {
            let mut rng = Rng::new(7);
            (0..50)
                .map(|_| mutate(&mut rng, &seed, b"x", &[]))
                .collect()
        };
        let b: Vec<Vec<u8>> = {
            let mut rng = Rng::new(7);
            (0..50)
                .map(|_| mutate(&mut rng, &seed, b"x", &[]))
                .collect()
        };
        assert_eq!(a, b);
        assert!(a.iter().filter(|m| **m != seed).count() > 40);
    }

    #[test]
    fn a_panicking_target_is_a_finding() {
        fn fragile(data: &[u8]) {
            assert!(!data.contains(&b'!'), "found it");
        }
        let dir = tempfile::tempdir().unwrap();
        let report = run(
            "fragile",
            fragile,
            &[b"hello".to_vec()],
            &[b"!".to_vec()],
            &Settings {
                time: Duration::from_millis(300),
                hang: Duration::from_secs(10),
                seed: 1,
                findings: dir.path(),
            },
        );
        assert!(report.executions > 10);
        assert!(!report.crashes.is_empty());
        assert!(std::fs::read(&report.crashes[0]).unwrap().contains(&b'!'));
    }

    #[test]
    fn dictionaries_are_read_as_afl_writes_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.dict");
        std::fs::write(&path, "# c\nkw_a=\"::: text\"\nesc=\"\\x00\\\"\\\\\"\n").unwrap();
        assert_eq!(
            read_dict(&path),
            vec![b"::: text".to_vec(), vec![0, b'"', b'\\']]
        );
    }
}
