//! Prints the design check of the demo course.
fn main() {
    let course = trellis_model::sample::demo_course();
    let report = trellis_check::check(&course);
    for f in &report.findings {
        println!("{f}");
    }
}
