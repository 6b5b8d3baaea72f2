//! AFL++ target `markdown`: see [`trellis_fuzz::markdown`].

fn main() {
    afl::fuzz!(|data: &[u8]| {
        trellis_fuzz::markdown(data);
    });
}
