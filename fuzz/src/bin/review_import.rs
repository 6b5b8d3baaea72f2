//! AFL++ target `review_import`: see [`trellis_fuzz::review_import`].

fn main() {
    afl::fuzz!(|data: &[u8]| {
        trellis_fuzz::review_import(data);
    });
}
