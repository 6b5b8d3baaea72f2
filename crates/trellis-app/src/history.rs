//! Undo and redo, and how the undo menu names each change.

use serde_json::Value;
use trellis_model::{BlockContent, Edit};

use crate::preview::PreviewChange;
use crate::{App, AppError};

impl App {
    /// What undo and redo would do now, for menus: `(can_undo, undo_label,
    /// can_redo, redo_label)`; labels as in [`Snapshot`], read from the
    /// course file's log, where each change is kept with its label.
    pub fn history(&self) -> (bool, Option<String>, bool, Option<String>) {
        let Some(file) = &self.file else {
            return (false, None, false, None);
        };
        (
            file.can_undo(),
            file.undo_label(),
            file.can_redo(),
            file.redo_label(),
        )
    }

    /// Undoes the last change: the delta with where it happened.
    pub(crate) fn undo(&mut self) -> Result<Value, AppError> {
        let before = self.revision;
        let info = self.file()?.course().info.clone();
        let file = self.file_mut()?;
        if file.undo()? {
            self.changed_rows(PreviewChange::Page);
        }
        self.delta_with_place(before, &info)
    }

    /// Redoes the last undone change: the delta with where it happened.
    pub(crate) fn redo(&mut self) -> Result<Value, AppError> {
        let before = self.revision;
        let info = self.file()?.course().info.clone();
        let file = self.file_mut()?;
        if file.redo()? {
            self.changed_rows(PreviewChange::Page);
        }
        self.delta_with_place(before, &info)
    }
}

/// How the undo menu names an edit, e.g. "Delete block".
pub fn edit_label(edit: &Edit) -> String {
    match edit {
        Edit::SetCourseInfo { .. } => "Edit course details".into(),
        Edit::AddObjective { .. } => "Add objective".into(),
        Edit::UpdateObjective { .. } => "Edit objective".into(),
        Edit::RemoveObjective { .. } => "Remove objective".into(),
        Edit::LinkObjective { .. } => "Link objective".into(),
        Edit::UnlinkObjective { .. } => "Unlink objective".into(),
        Edit::AddModule { .. } => "Add module".into(),
        Edit::RenameModule { .. } => "Rename module".into(),
        Edit::MoveModule { .. } => "Move module".into(),
        Edit::DeleteModule { .. } => "Delete module".into(),
        Edit::AddLesson { .. } => "Add lesson".into(),
        Edit::RenameLesson { .. } => "Rename lesson".into(),
        Edit::UpdateLesson { .. } => "Change lesson settings".into(),
        Edit::MoveLesson { .. } => "Move lesson".into(),
        Edit::DeleteLesson { .. } => "Delete lesson".into(),
        Edit::AddBlock { block, .. } => format!("Add {}", kind_words(&block.content)),
        Edit::UpdateBlock { block } => format!("Edit {}", kind_words(&block.content)),
        Edit::MoveBlock { .. } => "Move block".into(),
        Edit::DeleteBlock { .. } => "Delete block".into(),
        Edit::PutAsset { asset } => format!("Add {}", asset.name),
        Edit::RemoveAsset { name } => format!("Remove {name}"),
        Edit::Batch { edits } => match edits.as_slice() {
            [one] => edit_label(one),
            _ => "Several changes".into(),
        },
    }
}

/// "text block", "question", "labelled graphic"…
pub(crate) fn kind_words(content: &BlockContent) -> String {
    match content {
        BlockContent::Question(_) => "question".into(),
        BlockContent::Scenario(_) => "scenario".into(),
        other => format!("{} block", other.kind().replace('-', " ")),
    }
}
