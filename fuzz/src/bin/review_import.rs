//! AFL++ target `review_import`: see [`trellis_fuzz::review_import`].

fn main() {
    trellis_fuzz::warm_up();
    afl::fuzz!(|data: &[u8]| {
        trellis_fuzz::review_import(data);
    });
}
