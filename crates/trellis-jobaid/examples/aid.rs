//! Writes the job aid of a course folder into a folder: `cargo run -p
//! trellis-jobaid --example aid -- COURSE_DIR OUT_DIR`.

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(course), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: aid COURSE_DIR OUT_DIR");
        std::process::exit(2);
    };
    let imported = trellis_text::import_dir(std::path::Path::new(&course)).expect("course reads");
    let assets: std::collections::BTreeMap<String, Vec<u8>> = imported
        .assets
        .into_iter()
        .map(|(i, b)| (i.name, b))
        .collect();
    let aid = trellis_jobaid::build(&imported.course);
    let get = |name: &str| assets.get(name).cloned();
    let files = trellis_jobaid::files(&aid, &trellis_jobaid::Labels::default(), &get).expect("aid");
    std::fs::create_dir_all(&out).expect("out folder");
    for (name, bytes) in files.files {
        std::fs::write(std::path::Path::new(&out).join(name), bytes).expect("write");
    }
    println!("{} pages", files.pages);
}
