//! What the app tells about itself and the model: the About box and the
//! lesson templates.

use serde_json::{Value, json};

/// What the About box shows: this build's version and licence, where the
/// project lives, and the main parts it is built with.
pub fn about() -> Value {
    json!({
        "name": "Trellis",
        "version": env!("CARGO_PKG_VERSION"),
        "licence": env!("CARGO_PKG_LICENSE"),
        "repository": env!("CARGO_PKG_REPOSITORY"),
        "built_with": ["Rust", "SQLite", "Tauri", "Svelte", "CodeMirror"],
    })
}

/// Every lesson template with its slots, as `templates` answers.
pub fn templates() -> Value {
    use trellis_model::template::Accepts;
    let list: Vec<Value> = trellis_model::TemplateKind::ALL
        .into_iter()
        .map(|kind| {
            let t = kind.template();
            let slots: Vec<Value> = t
                .slots
                .iter()
                .map(|s| {
                    json!({
                        "name": s.name,
                        "label": s.label,
                        "required": s.required,
                        "accepts": match s.accepts {
                            Accepts::Content => "content",
                            Accepts::Question => "question",
                            Accepts::Scenario => "scenario",
                        },
                        "guidance": s.guidance,
                    })
                })
                .collect();
            json!({
                "kind": kind.as_str(),
                "name": t.name,
                "description": t.description,
                "slots": slots,
            })
        })
        .collect();
    Value::Array(list)
}
