//! Writes the player data of the large generated course
//! (`trellis_model::sample::generated_course(Size::LARGE)`) for every
//! target, as the page embeds it, to `DIR/large.TARGET.json`: what
//! `tests/player/data.test.mjs` validates against the schema.
//!
//! `cargo run -p trellis-render --example player_data -- DIR`

use trellis_model::sample::{Size, generated_course};
use trellis_render::{RenderOptions, Target, render};

fn main() {
    let dir =
        std::path::PathBuf::from(std::env::args().nth(1).expect("usage: player_data OUT_DIR"));
    std::fs::create_dir_all(&dir).expect("create the output folder");
    let course = generated_course(Size::LARGE);
    for target in Target::ALL {
        let site = render(&course, &RenderOptions::new(target)).expect("the course renders");
        let html = String::from_utf8(site.files["index.html"].clone()).expect("UTF-8");
        let open = "id=\"trellis-data\">";
        let start = html.find(open).expect("the page embeds the data") + open.len();
        let end = start + html[start..].find("</script>").expect("the data ends");
        let out = dir.join(format!("large.{}.json", target.as_str()));
        std::fs::write(&out, &html[start..end]).expect("write the data");
    }
}
