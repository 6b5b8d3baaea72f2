//! `player/data.schema.json`, the JSON Schema of the player's data, is made
//! from the Rust structs that are the data's one source
//! (`trellis_render::data::PlayerData`); this test fails when the checked-in
//! file differs. `tests/player/data.test.mjs` validates published data
//! against it and checks the player's scripts read only its fields. To
//! write it:
//!
//! ```sh
//! TRELLIS_WRITE_SCHEMA=1 cargo test -p trellis-render --test data_schema
//! ```

#[test]
fn the_schema_file_is_current() {
    let path = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("player/data.schema.json");
    let made = trellis_render::data::schema();
    if std::env::var_os("TRELLIS_WRITE_SCHEMA").is_some() {
        std::fs::write(&path, &made).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == made,
        "player/data.schema.json does not match the Rust structs; run \
         TRELLIS_WRITE_SCHEMA=1 cargo test -p trellis-render --test data_schema"
    );
}
