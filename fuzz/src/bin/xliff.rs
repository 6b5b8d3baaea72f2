//! AFL++ target `xliff`: see [`trellis_fuzz::xliff`].

fn main() {
    afl::fuzz!(|data: &[u8]| {
        trellis_fuzz::xliff(data);
    });
}
