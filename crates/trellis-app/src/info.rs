//! What the app tells about itself and the model: the About box and the
//! lesson templates.

use serde::Serialize;
use serde_json::Value;
use trellis_model::TemplateKind;

/// What the About box shows (`about`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct About {
    pub name: &'static str,
    pub version: &'static str,
    pub licence: &'static str,
    pub repository: &'static str,
    /// The main parts Trellis is built with.
    pub built_with: Vec<&'static str>,
}

/// A lesson template with its slots (`templates`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct TemplateInfo {
    pub kind: TemplateKind,
    pub name: &'static str,
    pub description: &'static str,
    pub slots: Vec<SlotInfo>,
}

/// A slot of a lesson template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SlotInfo {
    pub name: &'static str,
    pub label: &'static str,
    pub required: bool,
    /// What the slot takes: `content`, `question` or `scenario`.
    pub accepts: &'static str,
    pub guidance: &'static str,
}

/// This build's version and licence, where the project lives, and the main
/// parts it is built with.
pub fn about_info() -> About {
    About {
        name: "Trellis",
        version: env!("CARGO_PKG_VERSION"),
        licence: env!("CARGO_PKG_LICENSE"),
        repository: env!("CARGO_PKG_REPOSITORY"),
        built_with: vec!["Rust", "SQLite", "Tauri", "Svelte", "CodeMirror"],
    }
}

/// [`about_info`] as JSON.
pub fn about() -> Value {
    serde_json::to_value(about_info()).unwrap_or_default()
}

/// Every lesson template with its slots.
pub fn template_list() -> Vec<TemplateInfo> {
    use trellis_model::template::Accepts;
    TemplateKind::ALL
        .into_iter()
        .map(|kind| {
            let t = kind.template();
            TemplateInfo {
                kind,
                name: t.name,
                description: t.description,
                slots: t
                    .slots
                    .iter()
                    .map(|s| SlotInfo {
                        name: s.name,
                        label: s.label,
                        required: s.required,
                        accepts: match s.accepts {
                            Accepts::Content => "content",
                            Accepts::Question => "question",
                            Accepts::Scenario => "scenario",
                        },
                        guidance: s.guidance,
                    })
                    .collect(),
            }
        })
        .collect()
}

/// [`template_list`] as JSON, as `templates` answers.
pub fn templates() -> Value {
    serde_json::to_value(template_list()).unwrap_or_default()
}
