//! AFL++ target `ooxml`: see [`trellis_fuzz::ooxml`].

fn main() {
    afl::fuzz!(|data: &[u8]| {
        trellis_fuzz::ooxml(data);
    });
}
