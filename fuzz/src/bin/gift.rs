//! AFL++ target `gift`: see [`trellis_fuzz::gift`].

fn main() {
    afl::fuzz!(|data: &[u8]| {
        trellis_fuzz::gift(data);
    });
}
