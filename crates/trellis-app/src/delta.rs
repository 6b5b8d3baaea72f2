//! Deltas: what some changes did to the course, as the few parts a view
//! holding the course from before needs to catch up.
//!
//! The store reports the rows each change may have touched
//! ([`trellis_model::Touched`]); [`Changes::from_touched`] reads those parts
//! of the course as it is now, and [`Changes::apply_to`] puts them into a
//! copy of the course from before. The editor UI does the same as
//! `apply_to` on its own copy (`ui/src/lib/delta.ts`), so a change of one
//! block sends that block's lesson instead of the whole course.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use trellis_model::{
    AssetInfo, BlockId, Course, CourseInfo, Lesson, LessonId, Module, ModuleId, Objective, Touched,
};

/// The parts of a course that changed; what is absent did not change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Changes {
    /// The course's details and theme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<CourseInfo>,
    /// The ids of all modules in order, when modules were added, moved or
    /// deleted (a module not listed is gone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module_order: Option<Vec<ModuleId>>,
    /// All objectives, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objectives: Option<Vec<Objective>>,
    /// Modules whose title or lessons changed: the title and the ids of the
    /// module's lessons in order (a lesson listed in no module is gone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modules: Vec<ModuleRow>,
    /// Lessons that changed or are new, whole (settings and blocks).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lessons: Vec<Lesson>,
    /// All assets' metadata, sorted by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assets: Option<Vec<AssetInfo>>,
}

/// A module without its lessons' contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct ModuleRow {
    pub id: ModuleId,
    pub title: String,
    pub lessons: Vec<LessonId>,
}

/// A delta that does not fit the course it is put into.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the changes do not fit this course: {0}")]
pub struct DeltaMismatch(String);

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The parts of `course` (as it is now) that `touched` names. A touched
    /// block sends its whole lesson; touched entities that no longer exist
    /// are left out (their parents, also touched, no longer list them).
    pub fn from_touched(course: &Course, touched: &Touched) -> Self {
        let mut changes = Self::default();
        if touched.course {
            changes.info = Some(course.info.clone());
            changes.module_order = Some(course.modules.iter().map(|m| m.id.clone()).collect());
        }
        if touched.objectives {
            changes.objectives = Some(course.objectives.clone());
        }
        if !touched.assets.is_empty() {
            changes.assets = Some(course.assets.clone());
        }
        for module in &course.modules {
            if touched.modules.contains(&module.id) {
                changes.modules.push(ModuleRow {
                    id: module.id.clone(),
                    title: module.title.clone(),
                    lessons: module.lessons.iter().map(|l| l.id.clone()).collect(),
                });
            }
            for lesson in &module.lessons {
                if touches(touched, lesson) {
                    changes.lessons.push(lesson.clone());
                }
            }
        }
        changes
    }

    /// Puts the changes into `course`, the course as it was before them;
    /// afterwards it equals the course they were read from. Fails, leaving
    /// `course` in an unspecified state, when the delta names lessons or
    /// modules the course lacks (it was made for another revision).
    pub fn apply_to(&self, course: &mut Course) -> Result<(), DeltaMismatch> {
        if let Some(info) = &self.info {
            course.info = info.clone();
        }
        if let Some(objectives) = &self.objectives {
            course.objectives = objectives.clone();
        }
        if let Some(assets) = &self.assets {
            course.assets = assets.clone();
        }
        if self.module_order.is_none() && self.modules.is_empty() {
            // Only lessons' contents changed: replace them where they are.
            let mut at: HashMap<&LessonId, (usize, usize)> = HashMap::new();
            for (mi, m) in course.modules.iter().enumerate() {
                for (li, l) in m.lessons.iter().enumerate() {
                    at.insert(&l.id, (mi, li));
                }
            }
            let places: Vec<(usize, usize)> = self
                .lessons
                .iter()
                .map(|l| {
                    at.get(&l.id)
                        .copied()
                        .ok_or_else(|| DeltaMismatch(format!("no lesson `{}`", l.id)))
                })
                .collect::<Result<_, _>>()?;
            for ((mi, li), lesson) in places.into_iter().zip(&self.lessons) {
                course.modules[mi].lessons[li] = lesson.clone();
            }
            return Ok(());
        }
        // The structure changed: take the course apart and put it together
        // in the new order.
        let mut lessons: HashMap<LessonId, Lesson> = HashMap::new();
        let mut modules: HashMap<ModuleId, (String, Vec<LessonId>)> = HashMap::new();
        let old_order: Vec<ModuleId> = course.modules.iter().map(|m| m.id.clone()).collect();
        for module in std::mem::take(&mut course.modules) {
            let ids = module.lessons.iter().map(|l| l.id.clone()).collect();
            for lesson in module.lessons {
                lessons.insert(lesson.id.clone(), lesson);
            }
            modules.insert(module.id, (module.title, ids));
        }
        for lesson in &self.lessons {
            lessons.insert(lesson.id.clone(), lesson.clone());
        }
        for row in &self.modules {
            let known = modules
                .insert(row.id.clone(), (row.title.clone(), row.lessons.clone()))
                .is_some();
            if !known && self.module_order.is_none() {
                return Err(DeltaMismatch(format!("no module `{}`", row.id)));
            }
        }
        let order = self.module_order.as_ref().unwrap_or(&old_order);
        let mut placed: BTreeSet<&ModuleId> = BTreeSet::new();
        for id in order {
            if !placed.insert(id) {
                return Err(DeltaMismatch(format!("module `{id}` is listed twice")));
            }
            let (title, ids) = modules
                .remove(id)
                .ok_or_else(|| DeltaMismatch(format!("no module `{id}`")))?;
            let lessons = ids
                .iter()
                .map(|l| {
                    lessons
                        .remove(l)
                        .ok_or_else(|| DeltaMismatch(format!("no lesson `{l}`")))
                })
                .collect::<Result<_, _>>()?;
            course.modules.push(Module {
                id: id.clone(),
                title,
                lessons,
            });
        }
        // Every changed lesson has its place.
        match self.lessons.iter().find(|l| lessons.contains_key(&l.id)) {
            Some(l) => Err(DeltaMismatch(format!("lesson `{}` is in no module", l.id))),
            None => Ok(()),
        }
    }
}

/// Whether `touched` names `lesson` (as it is now) or one of its blocks.
pub(crate) fn touches(touched: &Touched, lesson: &Lesson) -> bool {
    touched.lessons.contains(&lesson.id)
        || (!touched.blocks.is_empty()
            && lesson.blocks.iter().any(|b| touched.blocks.contains(&b.id)))
}

/// Where a change happened, for the editor to take the author there after
/// undo or redo: the block (and its lesson) the change touched, else the
/// lesson, else the view that shows what changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(rename = "ChangePlace")]
pub struct Place {
    /// `lesson`, `outline`, `objectives`, `assets`, `theme` or `course`
    /// (the course settings).
    pub view: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<LessonId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block: Option<BlockId>,
    /// A module whose title or lessons changed (view `outline`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<ModuleId>,
}

impl Place {
    /// The place of a change that touched `touched`, in `course` as it is
    /// after the change; `info` is the course's details from before it.
    /// `None` when the change touched nothing.
    pub fn of(course: &Course, touched: &Touched, info: &CourseInfo) -> Option<Self> {
        let place = |view: &str| Self {
            view: view.to_owned(),
            ..Self::default()
        };
        // A block that still exists, in the course's order.
        for lesson in course.lessons() {
            if let Some(block) = lesson
                .blocks
                .iter()
                .find(|b| touched.blocks.contains(&b.id))
            {
                return Some(Self {
                    lesson: Some(lesson.id.clone()),
                    block: Some(block.id.clone()),
                    ..place("lesson")
                });
            }
        }
        // A lesson that still exists (its settings, or a block added or
        // removed in it).
        if let Some(lesson) = course.lessons().find(|l| touched.lessons.contains(&l.id)) {
            return Some(Self {
                lesson: Some(lesson.id.clone()),
                ..place("lesson")
            });
        }
        if touched.objectives {
            return Some(place("objectives"));
        }
        if !touched.assets.is_empty() {
            return Some(place("assets"));
        }
        // A module renamed, or a lesson removed from it.
        if let Some(module) = course
            .modules
            .iter()
            .find(|m| touched.modules.contains(&m.id))
        {
            return Some(Self {
                module: Some(module.id.clone()),
                ..place("outline")
            });
        }
        if touched.course {
            // The course's details, its theme, or else the order of modules.
            return Some(place(if info.theme != course.info.theme {
                "theme"
            } else if *info != course.info {
                "course"
            } else {
                "outline"
            }));
        }
        None
    }
}

/// Adds `more` to `all`.
pub(crate) fn merge(all: &mut Touched, more: &Touched) {
    all.course |= more.course;
    all.objectives |= more.objectives;
    all.modules.extend(more.modules.iter().cloned());
    all.lessons.extend(more.lessons.iter().cloned());
    all.blocks.extend(more.blocks.iter().cloned());
    all.assets.extend(more.assets.iter().cloned());
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use serde_json::{Value, json};
    use trellis_model::{
        Block, BlockContent, BloomLevel, Edit, LessonSettings, ObjectiveId, TemplateKind,
    };

    use super::*;
    use crate::{App, AppConfig, Command, EntityKind};

    fn example() -> PathBuf {
        std::path::PathBuf::from(
            std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
        )
        .join("../../examples/phishing-awareness")
    }

    /// The example course, imported into a file in `dir`.
    fn open(dir: &Path) -> App {
        let mut app = App::new(AppConfig::default());
        app.call(Command::ImportFolder {
            folder: example(),
            path: Some(dir.join("course.trellis")),
        })
        .unwrap();
        app
    }

    fn course(app: &App) -> Course {
        app.course().unwrap().clone()
    }

    /// The changes in a command's result, checked to be a delta from `base`.
    fn changes_of(result: &Value, base: u64) -> Changes {
        assert!(result.get("course").is_none(), "a delta, not the course");
        assert_eq!(result["base"], base);
        serde_json::from_value(result["changes"].clone()).unwrap()
    }

    /// Runs `command`, then undo and redo; each result's delta, put into a
    /// copy of the course from before, must give the course after.
    #[track_caller]
    fn round_trip(app: &mut App, command: Command) -> Changes {
        let mut first = None;
        for step in [command, Command::Undo, Command::Redo] {
            let old = course(app);
            let base = app.revision();
            let result = app.call(step.clone()).unwrap();
            assert_eq!(result["revision"], base + 1, "{step:?} made one change");
            let changes = changes_of(&result, base);
            let mut patched = old;
            changes.apply_to(&mut patched).unwrap();
            assert_eq!(&patched, app.course().unwrap(), "{step:?}: {changes:?}");
            // The design check, kept lesson by lesson, is a fresh one's.
            let report = app.call(Command::Check { lesson: None }).unwrap();
            let fresh = trellis_check::check(app.course().unwrap());
            assert_eq!(report, serde_json::to_value(&fresh).unwrap(), "{step:?}");
            // The delta travels as JSON.
            let again: Changes =
                serde_json::from_value(serde_json::to_value(&changes).unwrap()).unwrap();
            assert_eq!(again, changes);
            first.get_or_insert(changes);
        }
        first.unwrap()
    }

    fn apply(app: &mut App, edit: Edit) -> Changes {
        round_trip(app, Command::Apply { edit, run: None })
    }

    fn lesson_ids(c: &Course) -> Vec<LessonId> {
        c.lessons().map(|l| l.id.clone()).collect()
    }

    fn first_text_block(c: &Course) -> Block {
        c.blocks()
            .find(|(_, b)| matches!(b.content, BlockContent::Text { .. }))
            .map(|(_, b)| b.clone())
            .unwrap()
    }

    fn first_practice(c: &Course) -> Block {
        c.blocks()
            .find(|(_, b)| b.content.is_practice())
            .map(|(_, b)| b.clone())
            .unwrap()
    }

    /// Applies `edit`, then answers where undo and then redo say the change was.
    fn places(app: &mut App, edit: Edit) -> (Value, Value) {
        app.call(Command::Apply { edit, run: None }).unwrap();
        let undo = app.call(Command::Undo).unwrap()["place"].clone();
        let redo = app.call(Command::Redo).unwrap()["place"].clone();
        (undo, redo)
    }

    #[test]
    fn undo_and_redo_say_where_the_change_was() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = open(dir.path());
        let c = course(&app);

        // A block's contents: that block, in its lesson.
        let (lesson, block) = c
            .blocks()
            .find(|(_, b)| matches!(b.content, BlockContent::Text { .. }))
            .map(|(l, b)| (l.id.clone(), b.clone()))
            .unwrap();
        let mut block = block;
        if let BlockContent::Text { markdown } = &mut block.content {
            markdown.push_str(" More words.");
        }
        let id = block.id.clone();
        let (undo, redo) = places(&mut app, Edit::UpdateBlock { block });
        let want = json!({"view": "lesson", "lesson": lesson.as_str(), "block": id.as_str()});
        assert_eq!(undo, want);
        assert_eq!(redo, want);

        // A block removed: undo brings it back and goes to it; redo removes
        // it again and goes to its lesson.
        let (undo, redo) = places(&mut app, Edit::DeleteBlock { id: id.clone() });
        assert_eq!(undo, want);
        assert_eq!(redo, json!({"view": "lesson", "lesson": lesson.as_str()}));

        // A lesson's settings.
        let (undo, _) = places(
            &mut app,
            Edit::RenameLesson {
                id: lesson.clone(),
                title: "Renamed".into(),
            },
        );
        assert_eq!(undo, json!({"view": "lesson", "lesson": lesson.as_str()}));

        // Objectives, the theme, the course's details, the module order.
        let objective = c.objectives[0].clone();
        let (undo, _) = places(
            &mut app,
            Edit::UpdateObjective {
                objective: Objective {
                    statement: "Explain why it matters.".into(),
                    ..objective
                },
            },
        );
        assert_eq!(undo, json!({"view": "objectives"}));
        let mut info = c.info.clone();
        info.theme.primary_color = "#223344".into();
        let (undo, _) = places(&mut app, Edit::SetCourseInfo { info });
        assert_eq!(undo, json!({"view": "theme"}));
        // From the course as it is now (redo left the new theme in place).
        let mut info = course(&app).info.clone();
        info.title = "Renamed course".into();
        let (undo, _) = places(&mut app, Edit::SetCourseInfo { info });
        assert_eq!(undo, json!({"view": "course"}));
        let module = c.modules[1].id.clone();
        let (undo, _) = places(
            &mut app,
            Edit::MoveModule {
                id: module.clone(),
                index: 0,
            },
        );
        assert_eq!(undo, json!({"view": "outline"}));
        let (undo, _) = places(
            &mut app,
            Edit::RenameModule {
                id: module.clone(),
                title: "Renamed module".into(),
            },
        );
        assert_eq!(undo, json!({"view": "outline", "module": module.as_str()}));

        // Nothing left to redo: no place.
        assert!(app.call(Command::Redo).unwrap().get("place").is_none());
    }

    #[test]
    fn every_edit_kind_and_its_undo_and_redo() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = open(dir.path());
        let c = course(&app);
        assert!(c.modules.len() >= 2 && !c.assets.is_empty());
        let m0 = c.modules[0].id.clone();
        let m1 = c.modules[1].id.clone();
        let l0 = c.modules[0].lessons[0].id.clone();

        // Block contents: just the block's lesson, nothing else.
        let mut block = first_text_block(&c);
        if let BlockContent::Text { markdown } = &mut block.content {
            markdown.push_str(" More words.");
        }
        let changes = apply(&mut app, Edit::UpdateBlock { block });
        assert_eq!(changes.lessons.len(), 1);
        assert!(changes.modules.is_empty() && changes.module_order.is_none());
        assert!(changes.info.is_none() && changes.objectives.is_none() && changes.assets.is_none());

        // From the course as it is now (redo left the new theme in place).
        let mut info = course(&app).info.clone();
        info.title = "Renamed course".into();
        info.theme.primary_color = "#223344".into();
        let changes = apply(&mut app, Edit::SetCourseInfo { info });
        assert!(changes.info.is_some() && changes.lessons.is_empty());

        let objective = Objective {
            placeholder: false,
            id: ObjectiveId::new("obj-new").unwrap(),
            statement: "Explain why.".into(),
            bloom: Some(BloomLevel::Understand),
        };
        let changes = apply(
            &mut app,
            Edit::AddObjective {
                index: 1,
                objective: objective.clone(),
            },
        );
        assert!(changes.objectives.is_some() && changes.lessons.is_empty());
        apply(
            &mut app,
            Edit::UpdateObjective {
                objective: Objective {
                    statement: "Explain why it matters.".into(),
                    ..objective.clone()
                },
            },
        );
        let practice = first_practice(&course(&app)).id;
        apply(
            &mut app,
            Edit::LinkObjective {
                block: practice.clone(),
                objective: objective.id.clone(),
            },
        );
        apply(
            &mut app,
            Edit::UnlinkObjective {
                block: practice.clone(),
                objective: objective.id.clone(),
            },
        );
        apply(
            &mut app,
            Edit::LinkObjective {
                block: practice.clone(),
                objective: objective.id.clone(),
            },
        );
        // Removing a linked objective unlinks it from its blocks too.
        let changes = apply(
            &mut app,
            Edit::RemoveObjective {
                id: objective.id.clone(),
            },
        );
        assert!(changes.objectives.is_some() && !changes.lessons.is_empty());

        apply(
            &mut app,
            Edit::RenameModule {
                id: m0.clone(),
                title: "First module".into(),
            },
        );
        apply(
            &mut app,
            Edit::MoveModule {
                id: m0.clone(),
                index: 2,
            },
        );
        let module = Module {
            id: ModuleId::new("m-new").unwrap(),
            title: "New module".into(),
            lessons: vec![Lesson {
                job_aid: false,
                id: LessonId::new("l-new").unwrap(),
                title: "New lesson".into(),
                template: TemplateKind::Concept,
                assessment: None,
                blocks: vec![Block {
                    job_aid: None,
                    placeholders: Default::default(),
                    id: trellis_model::BlockId::new("b-new").unwrap(),
                    slot: None,
                    content: BlockContent::Text {
                        markdown: "Hello".into(),
                    },
                }],
            }],
        };
        apply(&mut app, Edit::AddModule { index: 1, module });
        apply(
            &mut app,
            Edit::DeleteModule {
                id: ModuleId::new("m-new").unwrap(),
            },
        );
        apply(&mut app, Edit::DeleteModule { id: m1.clone() });

        let lesson = Lesson {
            job_aid: false,
            id: LessonId::new("l-added").unwrap(),
            title: "Added".into(),
            template: TemplateKind::Free,
            assessment: None,
            blocks: Vec::new(),
        };
        apply(
            &mut app,
            Edit::AddLesson {
                module: m0.clone(),
                index: 0,
                lesson,
            },
        );
        apply(
            &mut app,
            Edit::RenameLesson {
                id: l0.clone(),
                title: "Renamed lesson".into(),
            },
        );
        apply(
            &mut app,
            Edit::UpdateLesson {
                id: l0.clone(),
                settings: LessonSettings {
                    job_aid: false,
                    title: "Renamed again".into(),
                    template: TemplateKind::Free,
                    assessment: None,
                },
            },
        );
        // Within its module, then to another.
        apply(
            &mut app,
            Edit::MoveLesson {
                id: l0.clone(),
                module: m0.clone(),
                index: 1,
            },
        );
        let other = course(&app)
            .modules
            .iter()
            .find(|m| m.id != m0)
            .unwrap()
            .id
            .clone();
        apply(
            &mut app,
            Edit::MoveLesson {
                id: l0.clone(),
                module: other.clone(),
                index: 0,
            },
        );
        apply(
            &mut app,
            Edit::DeleteLesson {
                id: LessonId::new("l-added").unwrap(),
            },
        );

        let c = course(&app);
        let target = c.lesson(&l0).unwrap();
        let elsewhere = lesson_ids(&c).into_iter().find(|l| *l != l0).unwrap();
        let added = Block {
            job_aid: None,
            placeholders: Default::default(),
            id: trellis_model::BlockId::new("b-added").unwrap(),
            slot: None,
            content: BlockContent::Text {
                markdown: "Added text".into(),
            },
        };
        apply(
            &mut app,
            Edit::AddBlock {
                lesson: l0.clone(),
                index: target.blocks.len(),
                block: added.clone(),
            },
        );
        apply(
            &mut app,
            Edit::MoveBlock {
                id: added.id.clone(),
                lesson: l0.clone(),
                index: 0,
            },
        );
        let changes = apply(
            &mut app,
            Edit::MoveBlock {
                id: added.id.clone(),
                lesson: elsewhere.clone(),
                index: 0,
            },
        );
        assert_eq!(changes.lessons.len(), 2);
        apply(
            &mut app,
            Edit::DeleteBlock {
                id: added.id.clone(),
            },
        );

        let asset = course(&app).assets[0].name.clone();
        let changes = apply(&mut app, Edit::RemoveAsset { name: asset });
        assert!(changes.assets.is_some());

        apply(
            &mut app,
            Edit::Batch {
                edits: vec![
                    Edit::RenameLesson {
                        id: l0.clone(),
                        title: "In a batch".into(),
                    },
                    Edit::RenameModule {
                        id: other,
                        title: "Also in a batch".into(),
                    },
                    Edit::MoveModule { id: m0, index: 0 },
                ],
            },
        );
    }

    #[test]
    fn the_other_change_commands() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = open(dir.path());
        let c = course(&app);
        let module = c.modules[0].id.clone();
        let lesson = c.modules[0].lessons[0].id.clone();
        let block = c.modules[0].lessons[0].blocks[0].id.clone();
        for (kind, id) in [
            (EntityKind::Module, module.to_string()),
            (EntityKind::Lesson, lesson.to_string()),
            (EntityKind::Block, block.to_string()),
        ] {
            round_trip(&mut app, Command::Duplicate { kind, id });
        }
        round_trip(
            &mut app,
            Command::NewBlock {
                lesson: lesson.clone(),
                index: 0,
                kind: "question".into(),
                question_type: Some("single-choice".into()),
                slot: None,
            },
        );
        let png = std::fs::read_dir(example().join("assets/images"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "png"))
            .unwrap();
        let changes = round_trip(
            &mut app,
            Command::ImportAsset {
                name: Some("images/new.png".into()),
                data_base64: None,
                path: Some(png),
            },
        );
        let assets = changes.assets.unwrap();
        assert!(assets.iter().any(|a| a.name == "images/new.png"));
        assert!(assets.windows(2).all(|w| w[0].name < w[1].name));
    }

    #[test]
    fn changes_across_several_revisions_or_the_whole_course() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = open(dir.path());
        let start = app.revision();
        let old = course(&app);
        let c = course(&app);
        let mut block = first_text_block(&c);
        for word in ["one", "two", "three"] {
            if let BlockContent::Text { markdown } = &mut block.content {
                markdown.push_str(word);
            }
            app.call(Command::Apply {
                edit: Edit::UpdateBlock {
                    block: block.clone(),
                },
                run: None,
            })
            .unwrap();
        }
        app.call(Command::Apply {
            edit: Edit::MoveModule {
                id: c.modules[0].id.clone(),
                index: 1,
            },
            run: None,
        })
        .unwrap();
        app.call(Command::Undo).unwrap();
        let result = app.call(Command::Changes { from: start }).unwrap();
        let changes = changes_of(&result, start);
        let mut patched = old;
        changes.apply_to(&mut patched).unwrap();
        assert_eq!(&patched, app.course().unwrap());
        // Nothing since now.
        let now = app.revision();
        let result = app.call(Command::Changes { from: now }).unwrap();
        assert!(changes_of(&result, now).is_empty());
        // Undo with nothing to undo is no change either.
        let other = dir.path().join("other");
        std::fs::create_dir_all(&other).unwrap();
        let mut fresh = open(&other);
        let rev = fresh.revision();
        let result = fresh.call(Command::Redo).unwrap();
        assert_eq!(result["revision"], rev);
        assert!(changes_of(&result, rev).is_empty());

        // Across opening a course, from the future, or too far back: the
        // whole course.
        let result = app.call(Command::Changes { from: start - 1 }).unwrap();
        assert_eq!(result["course"]["id"], json!(app.course().unwrap().id));
        assert!(result.get("changes").is_none());
        let result = app.call(Command::Changes { from: now + 5 }).unwrap();
        assert!(result["course"].is_object());
        let mut info = app.course().unwrap().info.clone();
        for n in 0..70 {
            info.version = format!("1.{n}");
            app.call(Command::Apply {
                edit: Edit::SetCourseInfo { info: info.clone() },
                run: None,
            })
            .unwrap();
        }
        let result = app.call(Command::Changes { from: now }).unwrap();
        assert!(result["course"].is_object(), "too old for the log");
    }

    #[test]
    fn a_delta_for_another_revision_does_not_fit() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = open(dir.path());
        let old = course(&app);
        let result = app
            .call(Command::Apply {
                edit: Edit::DeleteLesson {
                    id: old.modules[0].lessons[0].id.clone(),
                },
                run: None,
            })
            .unwrap();
        let changes = changes_of(&result, app.revision() - 1);
        let mut wrong = old.clone();
        wrong.modules.remove(0);
        assert!(changes.apply_to(&mut wrong).is_err());
    }
}
