//! AFL++ target `text_import`: see [`trellis_fuzz::text_import`].

fn main() {
    afl::fuzz!(|data: &[u8]| {
        trellis_fuzz::text_import(data);
    });
}
