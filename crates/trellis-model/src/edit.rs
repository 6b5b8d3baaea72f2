//! Edits: every change to a course, as data.
//!
//! The course file, the desktop app, the CLI and tests all change a course
//! through [`apply`]. Applying an edit returns its inverse (for undo) and the
//! set of entities it touched (so storage rewrites only those). Edits carry
//! every id they create, so applying the same edit again (redo) gives the same
//! course.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::block::Block;
use crate::course::{AssetInfo, Course, CourseInfo, Lesson, LessonSettings, Module, Objective};
use crate::id::{BlockId, ItemId, LessonId, ModuleId, ObjectiveId};
use crate::placeholder;

/// One change to a course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Edit {
    SetCourseInfo {
        info: CourseInfo,
    },
    AddObjective {
        index: usize,
        objective: Objective,
    },
    UpdateObjective {
        objective: Objective,
    },
    /// Removes an objective and unlinks it from every block.
    RemoveObjective {
        id: ObjectiveId,
    },
    LinkObjective {
        block: BlockId,
        objective: ObjectiveId,
    },
    UnlinkObjective {
        block: BlockId,
        objective: ObjectiveId,
    },
    /// Adds a module, with any lessons and blocks it already holds.
    AddModule {
        index: usize,
        module: Module,
    },
    RenameModule {
        id: ModuleId,
        title: String,
    },
    /// Moves a module to `index` among the modules.
    MoveModule {
        id: ModuleId,
        index: usize,
    },
    DeleteModule {
        id: ModuleId,
    },
    AddLesson {
        module: ModuleId,
        index: usize,
        lesson: Lesson,
    },
    RenameLesson {
        id: LessonId,
        title: String,
    },
    /// Replaces title, template and assessment settings.
    UpdateLesson {
        id: LessonId,
        settings: LessonSettings,
    },
    /// Moves a lesson to `index` in `module` (which may be its own).
    MoveLesson {
        id: LessonId,
        module: ModuleId,
        index: usize,
    },
    DeleteLesson {
        id: LessonId,
    },
    AddBlock {
        lesson: LessonId,
        index: usize,
        block: Block,
    },
    /// Replaces the slot and content of the block with the same id.
    UpdateBlock {
        block: Block,
    },
    /// Moves a block to `index` in `lesson` (which may be its own).
    MoveBlock {
        id: BlockId,
        lesson: LessonId,
        index: usize,
    },
    DeleteBlock {
        id: BlockId,
    },
    /// Adds an asset, or replaces the asset of the same name.
    PutAsset {
        asset: AssetInfo,
    },
    RemoveAsset {
        name: String,
    },
    /// Several edits applied as one: all of them or none.
    Batch {
        edits: Vec<Edit>,
    },
}

impl Edit {
    /// Whether this edit sets, whole, the same thing `earlier` set: the
    /// course info, or one objective, module title, lesson or block by id.
    /// Such an edit made right after `earlier` can stand in for both, with
    /// `earlier`'s inverse undoing the two at once; this is how a run of
    /// typing becomes one undo step.
    pub fn supersedes(&self, earlier: &Edit) -> bool {
        match (self, earlier) {
            (Edit::SetCourseInfo { .. }, Edit::SetCourseInfo { .. }) => true,
            (Edit::UpdateObjective { objective: a }, Edit::UpdateObjective { objective: b }) => {
                a.id == b.id
            }
            (Edit::RenameModule { id: a, .. }, Edit::RenameModule { id: b, .. }) => a == b,
            (Edit::RenameLesson { id: a, .. }, Edit::RenameLesson { id: b, .. })
            | (Edit::UpdateLesson { id: a, .. }, Edit::UpdateLesson { id: b, .. }) => a == b,
            (Edit::UpdateBlock { block: a }, Edit::UpdateBlock { block: b }) => a.id == b.id,
            _ => false,
        }
    }
}

/// Why an edit cannot be applied. The course is unchanged when this is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("there is no {kind} with id `{id}`")]
    NotFound { kind: &'static str, id: String },
    #[error("id `{0}` is already used in this course")]
    DuplicateId(String),
    #[error("position {index} is out of range (there are {len})")]
    BadIndex { index: usize, len: usize },
    #[error("block `{0}` is not a question or scenario, so it cannot be linked to objectives")]
    NotPractice(String),
    #[error("block `{block}` is already linked to objective `{objective}`")]
    AlreadyLinked { block: String, objective: String },
    #[error("block `{block}` is not linked to objective `{objective}`")]
    NotLinked { block: String, objective: String },
    #[error("an empty batch of edits does nothing")]
    EmptyBatch,
    /// Text XML cannot carry (see [`crate::text`]).
    #[error("{0}")]
    BadText(crate::text::BadChar),
}

/// Which stored entities an edit may have changed. Storage rewrites each
/// listed entity that still exists and deletes each one that no longer does.
/// A parent's row holds the order of its children, so a move touches the
/// parents involved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    /// Course info or the order of modules.
    pub course: bool,
    /// The list of objectives.
    pub objectives: bool,
    /// Module rows: title and order of lessons.
    pub modules: BTreeSet<ModuleId>,
    /// Lesson rows: settings, module and order of blocks.
    pub lessons: BTreeSet<LessonId>,
    /// Block rows: slot, content and lesson.
    pub blocks: BTreeSet<BlockId>,
    /// Asset names.
    pub assets: BTreeSet<String>,
}

impl Touched {
    fn merge(&mut self, other: Touched) {
        self.course |= other.course;
        self.objectives |= other.objectives;
        self.modules.extend(other.modules);
        self.lessons.extend(other.lessons);
        self.blocks.extend(other.blocks);
        self.assets.extend(other.assets);
    }

    fn module_tree(&mut self, module: &Module) {
        self.modules.insert(module.id.clone());
        for lesson in &module.lessons {
            self.lesson_tree(lesson);
        }
    }

    fn lesson_tree(&mut self, lesson: &Lesson) {
        self.lessons.insert(lesson.id.clone());
        self.blocks
            .extend(lesson.blocks.iter().map(|b| b.id.clone()));
    }
}

/// The result of a successful [`apply`].
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The edit that undoes this one.
    pub inverse: Edit,
    pub touched: Touched,
}

fn not_found(kind: &'static str, id: impl ToString) -> EditError {
    EditError::NotFound {
        kind,
        id: id.to_string(),
    }
}

fn check_index(index: usize, len: usize) -> Result<(), EditError> {
    if index > len {
        Err(EditError::BadIndex { index, len })
    } else {
        Ok(())
    }
}

/// Fails when any id in `ids` is used in the course or twice among `ids`.
fn check_fresh_ids<'a>(
    course: &Course,
    ids: impl IntoIterator<Item = &'a str>,
) -> Result<(), EditError> {
    let ids: Vec<&str> = ids.into_iter().collect();
    // Scanning the course once per id is cheapest for a few ids; restoring a
    // deleted module re-adds hundreds, so then index the course's ids once.
    let in_course: Box<dyn Fn(&str) -> bool> = if ids.len() <= 4 {
        Box::new(|id| course.id_in_use(id))
    } else {
        let all = course.all_ids();
        Box::new(move |id| all.contains(id))
    };
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) || in_course(id) {
            return Err(EditError::DuplicateId(id.to_owned()));
        }
    }
    Ok(())
}

fn module_ids(module: &Module) -> impl Iterator<Item = &str> {
    std::iter::once(module.id.as_str()).chain(module.lessons.iter().flat_map(lesson_ids))
}

fn lesson_ids(lesson: &Lesson) -> impl Iterator<Item = &str> {
    std::iter::once(lesson.id.as_str()).chain(lesson.blocks.iter().map(|b| b.id.as_str()))
}

/// Applies `edit` to `course`. On error the course is left as it was.
///
/// Text holding characters XML cannot carry is refused (see
/// [`crate::text`]), so a course never gains them.
pub fn apply(course: &mut Course, edit: &Edit) -> Result<Applied, EditError> {
    if let Some(bad) = crate::text::find_bad_char(edit) {
        return Err(EditError::BadText(bad));
    }
    apply_checked(course, edit)
}

/// [`apply`] for an edit whose text is known to be fine: the parts of a
/// batch (checked as a whole) and the inverses that roll one back.
fn apply_checked(course: &mut Course, edit: &Edit) -> Result<Applied, EditError> {
    let mut touched = Touched::default();
    let inverse =
        match edit {
            Edit::SetCourseInfo { info } => {
                touched.course = true;
                let mut info = info.clone();
                placeholder::settle_course_info(&course.info, &mut info);
                let old = std::mem::replace(&mut course.info, info);
                Edit::SetCourseInfo { info: old }
            }
            Edit::AddObjective { index, objective } => {
                check_index(*index, course.objectives.len())?;
                check_fresh_ids(course, [objective.id.as_str()])?;
                course.objectives.insert(*index, objective.clone());
                touched.objectives = true;
                Edit::RemoveObjective {
                    id: objective.id.clone(),
                }
            }
            Edit::UpdateObjective { objective } => {
                let slot = course
                    .objectives
                    .iter_mut()
                    .find(|o| o.id == objective.id)
                    .ok_or_else(|| not_found("objective", &objective.id))?;
                let mut objective = objective.clone();
                placeholder::settle_objective(slot, &mut objective);
                let old = std::mem::replace(slot, objective);
                touched.objectives = true;
                Edit::UpdateObjective { objective: old }
            }
            Edit::RemoveObjective { id } => {
                let index = course
                    .objectives
                    .iter()
                    .position(|o| &o.id == id)
                    .ok_or_else(|| not_found("objective", id))?;
                let objective = course.objectives.remove(index);
                touched.objectives = true;
                let mut restore = vec![Edit::AddObjective { index, objective }];
                for module in &mut course.modules {
                    for lesson in &mut module.lessons {
                        for block in &mut lesson.blocks {
                            if !block.objectives().contains(id) {
                                continue;
                            }
                            let before = block.clone();
                            if let Some(links) = block.objectives_mut() {
                                links.retain(|o| o != id);
                                touched.blocks.insert(block.id.clone());
                                // Restore the whole block so the link returns to
                                // its original position.
                                restore.push(Edit::UpdateBlock { block: before });
                            }
                        }
                    }
                }
                Edit::Batch { edits: restore }
            }
            Edit::LinkObjective { block, objective } => {
                if course.objective(objective).is_none() {
                    return Err(not_found("objective", objective));
                }
                let b = block_mut(course, block)?;
                let links = b
                    .objectives_mut()
                    .ok_or_else(|| EditError::NotPractice(block.to_string()))?;
                if links.contains(objective) {
                    return Err(EditError::AlreadyLinked {
                        block: block.to_string(),
                        objective: objective.to_string(),
                    });
                }
                links.push(objective.clone());
                touched.blocks.insert(block.clone());
                Edit::UnlinkObjective {
                    block: block.clone(),
                    objective: objective.clone(),
                }
            }
            Edit::UnlinkObjective { block, objective } => {
                let b = block_mut(course, block)?;
                let links = b
                    .objectives_mut()
                    .ok_or_else(|| EditError::NotPractice(block.to_string()))?;
                let pos = links.iter().position(|o| o == objective).ok_or_else(|| {
                    EditError::NotLinked {
                        block: block.to_string(),
                        objective: objective.to_string(),
                    }
                })?;
                links.remove(pos);
                touched.blocks.insert(block.clone());
                // Relinking appends; restore the original position with a full update
                // so that undo gives back exactly the same course.
                let restored = {
                    let mut b = b.clone();
                    if let Some(links) = b.objectives_mut() {
                        links.insert(pos, objective.clone());
                    }
                    b
                };
                Edit::UpdateBlock { block: restored }
            }
            Edit::AddModule { index, module } => {
                check_index(*index, course.modules.len())?;
                check_fresh_ids(course, module_ids(module))?;
                course.modules.insert(*index, module.clone());
                touched.course = true;
                touched.module_tree(module);
                Edit::DeleteModule {
                    id: module.id.clone(),
                }
            }
            Edit::RenameModule { id, title } => {
                let index = course
                    .module_index(id)
                    .ok_or_else(|| not_found("module", id))?;
                let old = std::mem::replace(&mut course.modules[index].title, title.clone());
                touched.modules.insert(id.clone());
                Edit::RenameModule {
                    id: id.clone(),
                    title: old,
                }
            }
            Edit::MoveModule { id, index } => {
                let from = course
                    .module_index(id)
                    .ok_or_else(|| not_found("module", id))?;
                if *index >= course.modules.len() {
                    return Err(EditError::BadIndex {
                        index: *index,
                        len: course.modules.len(),
                    });
                }
                let module = course.modules.remove(from);
                course.modules.insert(*index, module);
                touched.course = true;
                Edit::MoveModule {
                    id: id.clone(),
                    index: from,
                }
            }
            Edit::DeleteModule { id } => {
                let index = course
                    .module_index(id)
                    .ok_or_else(|| not_found("module", id))?;
                let module = course.modules.remove(index);
                touched.course = true;
                touched.module_tree(&module);
                Edit::AddModule { index, module }
            }
            Edit::AddLesson {
                module,
                index,
                lesson,
            } => {
                let mi = course
                    .module_index(module)
                    .ok_or_else(|| not_found("module", module))?;
                check_index(*index, course.modules[mi].lessons.len())?;
                check_fresh_ids(course, lesson_ids(lesson))?;
                course.modules[mi].lessons.insert(*index, lesson.clone());
                touched.modules.insert(module.clone());
                touched.lesson_tree(lesson);
                Edit::DeleteLesson {
                    id: lesson.id.clone(),
                }
            }
            Edit::RenameLesson { id, title } => {
                let lesson = lesson_mut(course, id)?;
                let old = std::mem::replace(&mut lesson.title, title.clone());
                touched.lessons.insert(id.clone());
                Edit::RenameLesson {
                    id: id.clone(),
                    title: old,
                }
            }
            Edit::UpdateLesson { id, settings } => {
                let lesson = lesson_mut(course, id)?;
                let old = lesson.settings();
                lesson.title = settings.title.clone();
                lesson.template = settings.template;
                lesson.assessment = settings.assessment.clone();
                lesson.job_aid = settings.job_aid;
                touched.lessons.insert(id.clone());
                Edit::UpdateLesson {
                    id: id.clone(),
                    settings: old,
                }
            }
            Edit::MoveLesson { id, module, index } => {
                let (from_m, from_l) = course
                    .lesson_place(id)
                    .ok_or_else(|| not_found("lesson", id))?;
                let to_m = course
                    .module_index(module)
                    .ok_or_else(|| not_found("module", module))?;
                let len_after_removal =
                    course.modules[to_m].lessons.len() - usize::from(from_m == to_m);
                check_index(*index, len_after_removal)?;
                let lesson = course.modules[from_m].lessons.remove(from_l);
                course.modules[to_m].lessons.insert(*index, lesson);
                let from_module = course.modules[from_m].id.clone();
                touched.modules.insert(from_module.clone());
                touched.modules.insert(module.clone());
                touched.lessons.insert(id.clone());
                Edit::MoveLesson {
                    id: id.clone(),
                    module: from_module,
                    index: from_l,
                }
            }
            Edit::DeleteLesson { id } => {
                let (mi, li) = course
                    .lesson_place(id)
                    .ok_or_else(|| not_found("lesson", id))?;
                let lesson = course.modules[mi].lessons.remove(li);
                let module = course.modules[mi].id.clone();
                touched.modules.insert(module.clone());
                touched.lesson_tree(&lesson);
                Edit::AddLesson {
                    module,
                    index: li,
                    lesson,
                }
            }
            Edit::AddBlock {
                lesson,
                index,
                block,
            } => {
                let (mi, li) = course
                    .lesson_place(lesson)
                    .ok_or_else(|| not_found("lesson", lesson))?;
                check_index(*index, course.modules[mi].lessons[li].blocks.len())?;
                check_fresh_ids(course, [block.id.as_str()])?;
                course.modules[mi].lessons[li]
                    .blocks
                    .insert(*index, block.clone());
                touched.lessons.insert(lesson.clone());
                touched.blocks.insert(block.id.clone());
                Edit::DeleteBlock {
                    id: block.id.clone(),
                }
            }
            Edit::UpdateBlock { block } => {
                let slot = block_mut(course, &block.id)?;
                let mut block = block.clone();
                placeholder::settle_block(slot, &mut block);
                let old = std::mem::replace(slot, block);
                touched.blocks.insert(old.id.clone());
                Edit::UpdateBlock { block: old }
            }
            Edit::MoveBlock { id, lesson, index } => {
                let from = course
                    .block_place(id)
                    .ok_or_else(|| not_found("block", id))?;
                let (to_m, to_l) = course
                    .lesson_place(lesson)
                    .ok_or_else(|| not_found("lesson", lesson))?;
                let same = (from.module, from.lesson) == (to_m, to_l);
                let len_after_removal =
                    course.modules[to_m].lessons[to_l].blocks.len() - usize::from(same);
                check_index(*index, len_after_removal)?;
                let from_lesson = &mut course.modules[from.module].lessons[from.lesson];
                let from_lesson_id = from_lesson.id.clone();
                let block = from_lesson.blocks.remove(from.block);
                course.modules[to_m].lessons[to_l]
                    .blocks
                    .insert(*index, block);
                touched.lessons.insert(from_lesson_id.clone());
                touched.lessons.insert(lesson.clone());
                touched.blocks.insert(id.clone());
                Edit::MoveBlock {
                    id: id.clone(),
                    lesson: from_lesson_id,
                    index: from.block,
                }
            }
            Edit::DeleteBlock { id } => {
                let place = course
                    .block_place(id)
                    .ok_or_else(|| not_found("block", id))?;
                let lesson = &mut course.modules[place.module].lessons[place.lesson];
                let block = lesson.blocks.remove(place.block);
                touched.lessons.insert(lesson.id.clone());
                touched.blocks.insert(id.clone());
                Edit::AddBlock {
                    lesson: lesson.id.clone(),
                    index: place.block,
                    block,
                }
            }
            Edit::PutAsset { asset } => {
                touched.assets.insert(asset.name.clone());
                match course.assets.binary_search_by(|a| a.name.cmp(&asset.name)) {
                    Ok(i) => {
                        let old = std::mem::replace(&mut course.assets[i], asset.clone());
                        Edit::PutAsset { asset: old }
                    }
                    Err(i) => {
                        course.assets.insert(i, asset.clone());
                        Edit::RemoveAsset {
                            name: asset.name.clone(),
                        }
                    }
                }
            }
            Edit::RemoveAsset { name } => {
                let i = course
                    .assets
                    .binary_search_by(|a| a.name.as_str().cmp(name))
                    .map_err(|_| not_found("asset", name))?;
                let asset = course.assets.remove(i);
                touched.assets.insert(name.clone());
                Edit::PutAsset { asset }
            }
            Edit::Batch { edits } => {
                if edits.is_empty() {
                    return Err(EditError::EmptyBatch);
                }
                let mut inverses = Vec::with_capacity(edits.len());
                for edit in edits {
                    match apply_checked(course, edit) {
                        Ok(applied) => {
                            touched.merge(applied.touched);
                            inverses.push(applied.inverse);
                        }
                        Err(err) => {
                            for inverse in inverses.iter().rev() {
                                apply_checked(course, inverse)
                                    .expect("the inverse of an edit just applied applies");
                            }
                            return Err(err);
                        }
                    }
                }
                inverses.reverse();
                Edit::Batch { edits: inverses }
            }
        };
    Ok(Applied { inverse, touched })
}

fn lesson_mut<'a>(course: &'a mut Course, id: &LessonId) -> Result<&'a mut Lesson, EditError> {
    let (m, l) = course
        .lesson_place(id)
        .ok_or_else(|| not_found("lesson", id))?;
    Ok(&mut course.modules[m].lessons[l])
}

fn block_mut<'a>(course: &'a mut Course, id: &BlockId) -> Result<&'a mut Block, EditError> {
    let p = course
        .block_place(id)
        .ok_or_else(|| not_found("block", id))?;
    Ok(&mut course.modules[p.module].lessons[p.lesson].blocks[p.block])
}

/// Fresh ids for a copy of a block: the block id changes, item ids (unique
/// only within their block) are kept.
pub fn copy_block(block: &Block) -> Block {
    Block {
        id: BlockId::generate(),
        ..block.clone()
    }
}

/// A copy of a lesson with fresh lesson and block ids.
pub fn copy_lesson(lesson: &Lesson) -> Lesson {
    Lesson {
        id: LessonId::generate(),
        blocks: lesson.blocks.iter().map(copy_block).collect(),
        ..lesson.clone()
    }
}

/// A copy of a module with fresh ids throughout.
pub fn copy_module(module: &Module) -> Module {
    Module {
        id: ModuleId::generate(),
        lessons: module.lessons.iter().map(copy_lesson).collect(),
        ..module.clone()
    }
}

/// The edit that duplicates a block, placing the copy right after it.
pub fn duplicate_block(course: &Course, id: &BlockId) -> Result<Edit, EditError> {
    let place = course
        .block_place(id)
        .ok_or_else(|| not_found("block", id))?;
    let lesson = &course.modules[place.module].lessons[place.lesson];
    Ok(Edit::AddBlock {
        lesson: lesson.id.clone(),
        index: place.block + 1,
        block: copy_block(&lesson.blocks[place.block]),
    })
}

/// The edit that duplicates a lesson, placing the copy right after it.
pub fn duplicate_lesson(course: &Course, id: &LessonId) -> Result<Edit, EditError> {
    let (m, l) = course
        .lesson_place(id)
        .ok_or_else(|| not_found("lesson", id))?;
    let mut lesson = copy_lesson(&course.modules[m].lessons[l]);
    lesson.title = format!("{} (copy)", lesson.title);
    Ok(Edit::AddLesson {
        module: course.modules[m].id.clone(),
        index: l + 1,
        lesson,
    })
}

/// The edit that duplicates a module, placing the copy right after it.
pub fn duplicate_module(course: &Course, id: &ModuleId) -> Result<Edit, EditError> {
    let index = course
        .module_index(id)
        .ok_or_else(|| not_found("module", id))?;
    let mut module = copy_module(&course.modules[index]);
    module.title = format!("{} (copy)", module.title);
    Ok(Edit::AddModule {
        index: index + 1,
        module,
    })
}

/// Unused item id for a new item in a block, e.g. `c3` for a third choice.
pub fn next_item_id(prefix: &str, existing: &[&ItemId]) -> ItemId {
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|c| existing.iter().all(|e| e.as_str() != c))
        .and_then(|c| ItemId::new(c).ok())
        .expect("some numbered id is free")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::block::BlockContent;
    use crate::sample::demo_course;
    use crate::template::TemplateKind;

    fn lid(s: &str) -> LessonId {
        LessonId::new(s).unwrap()
    }
    fn bid(s: &str) -> BlockId {
        BlockId::new(s).unwrap()
    }

    /// Applies `edit`, then its inverse, and checks the course is back as it was;
    /// then re-applies the edit (redo) and checks it gives the same result.
    fn round_trip(edit: Edit) -> Course {
        let original = demo_course();
        let mut course = original.clone();
        let applied = apply(&mut course, &edit).expect("edit applies");
        let after = course.clone();
        assert_ne!(after, original, "{edit:?} changed nothing");
        apply(&mut course, &applied.inverse).expect("inverse applies");
        assert_eq!(course, original, "undo of {edit:?}");
        apply(&mut course, &edit).expect("redo applies");
        assert_eq!(course, after, "redo of {edit:?}");
        after
    }

    #[test]
    fn every_edit_undoes_and_redoes_exactly() {
        let course = demo_course();
        let new_block = Block {
            job_aid: None,
            placeholders: Default::default(),
            id: bid("new-block"),
            slot: None,
            content: BlockContent::Divider,
        };
        let edits = vec![
            Edit::SetCourseInfo {
                info: CourseInfo {
                    title: "Renamed".into(),
                    ..course.info.clone()
                },
            },
            Edit::AddObjective {
                index: 1,
                objective: Objective {
                    placeholder: false,
                    id: ObjectiveId::new("obj-new").unwrap(),
                    statement: "New".into(),
                    bloom: None,
                },
            },
            Edit::UpdateObjective {
                objective: Objective {
                    statement: "Changed".into(),
                    ..course.objectives[0].clone()
                },
            },
            Edit::RemoveObjective {
                id: ObjectiveId::new("obj-spot").unwrap(),
            },
            Edit::LinkObjective {
                block: bid("q-0"),
                objective: ObjectiveId::new("obj-report").unwrap(),
            },
            Edit::UnlinkObjective {
                block: bid("q-0"),
                objective: ObjectiveId::new("obj-spot").unwrap(),
            },
            duplicate_module(&course, &ModuleId::new("m-basics").unwrap()).unwrap(),
            Edit::RenameModule {
                id: ModuleId::new("m-basics").unwrap(),
                title: "Other".into(),
            },
            Edit::DeleteModule {
                id: ModuleId::new("m-basics").unwrap(),
            },
            duplicate_lesson(&course, &lid("l-quiz")).unwrap(),
            Edit::RenameLesson {
                id: lid("l-quiz"),
                title: "Final quiz".into(),
            },
            Edit::UpdateLesson {
                id: lid("l-content"),
                settings: LessonSettings {
                    job_aid: false,
                    title: "x".into(),
                    template: TemplateKind::Concept,
                    assessment: None,
                },
            },
            Edit::MoveLesson {
                id: lid("l-quiz"),
                module: ModuleId::new("m-basics").unwrap(),
                index: 0,
            },
            Edit::DeleteLesson {
                id: lid("l-scenario"),
            },
            Edit::AddBlock {
                lesson: lid("l-scenario"),
                index: 3,
                block: new_block.clone(),
            },
            duplicate_block(&course, &bid("q-3")).unwrap(),
            Edit::UpdateBlock {
                block: Block {
                    slot: Some("pool".into()),
                    ..course.block(&bid("q-1")).unwrap().clone()
                },
            },
            Edit::MoveBlock {
                id: bid("q-1"),
                lesson: lid("l-content"),
                index: 0,
            },
            Edit::MoveBlock {
                id: bid("q-1"),
                lesson: lid("l-quiz"),
                index: 6,
            },
            Edit::DeleteBlock { id: bid("sit") },
            Edit::PutAsset {
                asset: AssetInfo {
                    name: "a.png".into(),
                    sha256: "00".into(),
                    size: 1,
                    media_type: "image/png".into(),
                    width: None,
                    height: None,
                },
            },
            Edit::Batch {
                edits: vec![
                    Edit::RenameLesson {
                        id: lid("l-quiz"),
                        title: "A".into(),
                    },
                    Edit::DeleteBlock { id: bid("q-2") },
                ],
            },
        ];
        for edit in edits {
            round_trip(edit);
        }
    }

    #[test]
    fn failed_batch_leaves_course_unchanged() {
        let mut course = demo_course();
        let before = course.clone();
        let err = apply(
            &mut course,
            &Edit::Batch {
                edits: vec![
                    Edit::DeleteBlock { id: bid("q-2") },
                    Edit::DeleteBlock { id: bid("nope") },
                ],
            },
        )
        .unwrap_err();
        assert!(matches!(err, EditError::NotFound { .. }));
        assert_eq!(course, before);
    }

    #[test]
    fn duplicate_ids_and_bad_positions_are_refused() {
        let mut course = demo_course();
        let dup = Block {
            job_aid: None,
            placeholders: Default::default(),
            id: bid("q-0"),
            slot: None,
            content: BlockContent::Divider,
        };
        assert_eq!(
            apply(
                &mut course,
                &Edit::AddBlock {
                    lesson: lid("l-quiz"),
                    index: 0,
                    block: dup
                }
            ),
            Err(EditError::DuplicateId("q-0".into()))
        );
        assert!(matches!(
            apply(
                &mut course,
                &Edit::MoveBlock {
                    id: bid("q-0"),
                    lesson: lid("l-quiz"),
                    index: 7
                }
            ),
            Err(EditError::BadIndex { .. })
        ));
        assert_eq!(course, demo_course());
    }

    #[test]
    fn text_xml_cannot_carry_is_refused() {
        let mut course = demo_course();
        let err = apply(
            &mut course,
            &Edit::RenameLesson {
                id: lid("l-quiz"),
                title: "Ring\u{7} the bell".into(),
            },
        )
        .unwrap_err();
        assert!(
            matches!(&err, EditError::BadText(b) if b.field == "title"),
            "{err}"
        );
        assert!(err.to_string().contains("U+0007"), "{err}");
        // Inside a batch too, with nothing of the batch applied.
        let mut info = course.info.clone();
        info.title = "Fine".into();
        let mut bad_info = course.info.clone();
        bad_info.description = "line\u{0}".into();
        let err = apply(
            &mut course,
            &Edit::Batch {
                edits: vec![
                    Edit::SetCourseInfo { info },
                    Edit::SetCourseInfo { info: bad_info },
                ],
            },
        )
        .unwrap_err();
        assert!(
            matches!(&err, EditError::BadText(b) if b.field == "description"),
            "{err}"
        );
        assert_eq!(course, demo_course());
    }

    #[test]
    fn edits_serialise_as_tagged_json() {
        let edit = Edit::RenameLesson {
            id: lid("l-quiz"),
            title: "Q".into(),
        };
        let json = serde_json::to_string(&edit).unwrap();
        assert_eq!(json, r#"{"op":"rename-lesson","id":"l-quiz","title":"Q"}"#);
        let back: Edit = serde_json::from_str(&json).unwrap();
        assert_eq!(back, edit);
    }

    #[test]
    fn a_superseding_edit_is_undone_by_the_first_inverse() {
        let original = demo_course();
        let mut course = original.clone();
        let lesson = course.modules[0].lessons[0].clone();
        let block = lesson.blocks[0].clone();
        let rename = |title: &str| Edit::RenameLesson {
            id: lesson.id.clone(),
            title: title.into(),
        };
        let first = apply(&mut course, &rename("Pha")).unwrap();
        let second = rename("Phases");
        assert!(second.supersedes(&rename("Pha")));
        apply(&mut course, &second).unwrap();
        apply(&mut course, &first.inverse).unwrap();
        assert_eq!(course, original);

        let update = Edit::UpdateBlock {
            block: block.clone(),
        };
        assert!(update.supersedes(&update.clone()));
        assert!(!update.supersedes(&rename("x")));
        let other = course.modules[0].lessons[0].blocks[1].clone();
        assert!(!update.supersedes(&Edit::UpdateBlock { block: other }));
        let other_lesson = Edit::RenameLesson {
            id: course.modules[0].lessons[1].id.clone(),
            title: "x".into(),
        };
        assert!(!rename("x").supersedes(&other_lesson));
    }
}
