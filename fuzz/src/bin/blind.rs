//! Fuzzes every target (or those named) without AFL for a few seconds
//! each: see [`trellis_fuzz::blind`]. Exits 1 when an input panicked, 2
//! when one hung.
//!
//! `blind [TARGET…] [--seconds N] [--seed S] [--hang N]`

use std::time::Duration;

use trellis_fuzz::TARGETS;
use trellis_fuzz::blind::{self, Settings};

fn main() {
    let mut seconds = 5.0_f64;
    let mut hang = 10;
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1);
    let mut names = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{arg} needs a value")))
        };
        match arg.as_str() {
            "--seconds" => seconds = value().parse().unwrap_or_else(|_| usage("--seconds N")),
            "--hang" => hang = value().parse().unwrap_or_else(|_| usage("--hang N")),
            "--seed" => seed = value().parse().unwrap_or_else(|_| usage("--seed S")),
            name if TARGETS.iter().any(|(t, _)| *t == name) => names.push(name.to_owned()),
            other => usage(&format!("unknown argument `{other}`")),
        }
    }
    let root = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    trellis_fuzz::warm_up();
    let mut failed = false;
    for (name, target) in TARGETS {
        if !names.is_empty() && !names.iter().any(|n| n == name) {
            continue;
        }
        let seeds = blind::read_inputs(&root.join("corpus").join(name));
        let dict = blind::read_dict(&root.join("dict").join(format!("{name}.dict")));
        let findings = root.join("out").join("blind").join(name);
        let report = blind::run(
            name,
            *target,
            &seeds,
            &dict,
            &Settings {
                time: Duration::from_secs_f64(seconds),
                hang: Duration::from_secs(hang),
                seed,
                findings: &findings,
            },
        );
        println!(
            "{name}: {} executions in {:.1} s ({:.0}/s) from {} seeds, slowest {} ms, {} crashes (seed {seed})",
            report.executions,
            report.seconds,
            report.executions as f64 / report.seconds.max(0.001),
            seeds.len(),
            report.slowest.as_millis(),
            report.crashes.len()
        );
        if seeds.is_empty() {
            eprintln!("{name}: no seeds in corpus/{name}");
            failed = true;
        }
        if !report.crashes.is_empty() {
            failed = true;
        }
    }
    if failed {
        eprintln!(
            "blind fuzzing failed. Copy each saved input into fuzz/regressions/TARGET, fix the fault, \
             and check with `cargo xtask fuzz --replay`; `--seed` repeats a run."
        );
        std::process::exit(1);
    }
}

fn usage(why: &str) -> ! {
    eprintln!("{why}\nusage: blind [TARGET…] [--seconds N] [--seed S] [--hang N]");
    std::process::exit(2);
}
