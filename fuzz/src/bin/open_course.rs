//! AFL++ target `open_course`: see [`trellis_fuzz::open_course`].

fn main() {
    trellis_fuzz::warm_up();
    afl::fuzz!(|data: &[u8]| {
        trellis_fuzz::open_course(data);
    });
}
