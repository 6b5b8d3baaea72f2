//! Changes to the course: an edit, a duplicate, a new block with starter
//! content.

use serde_json::Value;
use trellis_model::{BlockId, Edit, LessonId, ModuleId};
use trellis_publish::Target;

use crate::history::kind_words;
use crate::preview::PreviewChange;
use crate::{App, AppError, EntityKind, parse_id, starter};

impl App {
    pub(crate) fn apply(&mut self, edit: Edit, label: String) -> Result<Value, AppError> {
        self.apply_in_run(edit, label, None)
    }
    /// Applies `edit`, as part of the typing run `run` when given.
    pub(crate) fn apply_in_run(
        &mut self,
        edit: Edit,
        label: String,
        run: Option<&str>,
    ) -> Result<Value, AppError> {
        let before = self.revision;
        let course = self.file()?.course();
        let mut change = Self::preview_change(course, &edit);
        // A new kind of block may need player code the page does not have.
        let modules = matches!(change, PreviewChange::Lessons { .. })
            .then(|| trellis_render::player::modules_for(course, Target::Preview));
        // The last lesson's job aid links come and go with the aid.
        let had_job_aid = course.has_job_aid();
        let file = self.file_mut()?;
        match run {
            Some(run) => {
                file.apply_in_run_labelled(edit, run, Some(&label))?;
            }
            None => file.apply_labelled(edit, &label)?,
        }
        if let Some(before) = modules
            && before != trellis_render::player::modules_for(self.file()?.course(), Target::Preview)
        {
            change = PreviewChange::Page;
        }
        let course = self.file()?.course();
        if let PreviewChange::Lessons { lessons, .. } = &mut change
            && course.has_job_aid() != had_job_aid
            && let Some(last) = course.lessons().last()
            && !lessons.contains(&last.id)
        {
            lessons.push(last.id.clone());
        }
        self.changed_rows(change);
        self.delta_since(before)
    }

    /// Copies a module, lesson or block next to itself.
    pub(crate) fn duplicate(&mut self, kind: EntityKind, id: &str) -> Result<Value, AppError> {
        let course = self.file()?.course();
        let edit = match kind {
            EntityKind::Module => {
                trellis_model::edit::duplicate_module(course, &parse_id::<ModuleId>(id)?)?
            }
            EntityKind::Lesson => {
                trellis_model::edit::duplicate_lesson(course, &parse_id::<LessonId>(id)?)?
            }
            EntityKind::Block => {
                trellis_model::edit::duplicate_block(course, &parse_id::<BlockId>(id)?)?
            }
        };
        let label = match kind {
            EntityKind::Module => "Duplicate module",
            EntityKind::Lesson => "Duplicate lesson",
            EntityKind::Block => "Duplicate block",
        };
        self.apply(edit, label.into())
    }

    /// Adds a block with starter content (see [`Command::NewBlock`]).
    pub(crate) fn new_block(
        &mut self,
        lesson: LessonId,
        index: usize,
        kind: &str,
        question_type: Option<&str>,
        slot: Option<String>,
    ) -> Result<Value, AppError> {
        let course = self.file()?.course();
        let Some(target) = course.lesson(&lesson) else {
            return Err(AppError::not_found(format!(
                "There is no lesson with id `{lesson}`."
            )));
        };
        if let Some(slot) = &slot
            && target.template.template().slot(slot).is_none()
        {
            return Err(AppError::bad_input(format!(
                "The {} template has no slot `{slot}`.",
                target.template.template().name
            )));
        }
        let mut block = starter::new_block(kind, question_type)?;
        block.slot = slot;
        let label = format!("Add {}", kind_words(&block.content));
        self.apply(
            Edit::AddBlock {
                lesson,
                index,
                block,
            },
            label,
        )
    }
}
