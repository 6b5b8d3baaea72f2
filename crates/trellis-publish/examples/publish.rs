//! Publishes a text-format course folder:
//! `cargo run -p trellis-publish --example publish -- FOLDER TARGET OUT.zip`
//! with TARGET one of scorm12, scorm2004, cmi5, xapi, web.

use std::collections::BTreeMap;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [folder, target, out] = args.as_slice() else {
        return Err("usage: publish FOLDER TARGET OUT.zip".into());
    };
    let imported = trellis_text::import_dir(std::path::Path::new(folder))?;
    let assets: BTreeMap<String, Vec<u8>> = imported
        .assets
        .into_iter()
        .map(|(info, bytes)| (info.name, bytes))
        .collect();
    let target: trellis_publish::Target = target.parse()?;
    let options = trellis_publish::PublishOptions::new(target);
    let file = std::fs::File::create(out)?;
    let report = trellis_publish::publish(&imported.course, &assets, &options, file, &mut |p| {
        eprint!("\r{:>4}/{:<4} {:<28}", p.done, p.total, p.step.label())
    })?;
    eprintln!();
    for f in &report.files {
        println!("{:>9}  {:?}  {}", f.size, f.origin, f.path);
    }
    println!(
        "{} files, {} bytes, zip {} bytes, state {:?}, images {:?}, {:?}",
        report.file_count,
        report.uncompressed_size,
        report.zip_size,
        report.state,
        report.images,
        report.elapsed
    );
    for w in &report.warnings {
        println!("warning [{}]: {}", w.code, w.message);
    }
    Ok(())
}
