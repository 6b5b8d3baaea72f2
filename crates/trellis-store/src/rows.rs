//! Reading a whole course from its rows, and rewriting only the rows an edit
//! touched.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;
use serde::de::DeserializeOwned;
use trellis_model::{
    AssetInfo, Block, BlockContent, BlockId, Course, CourseId, CourseInfo, Lesson, LessonId,
    LessonSettings, Module, ModuleId, Objective, Touched,
};
use trellis_translate::Part;

use crate::error::{Result, StoreError};
use crate::source_units::{self, SourceUnits};

fn json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    Ok(serde_json::to_string(value)?)
}

fn decode<T: DeserializeOwned>(what: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

/// A text column, borrowed.
fn text<'r>(row: &'r Row<'_>, index: usize) -> Result<&'r str> {
    row.get_ref(index)?
        .as_str()
        .map_err(|e| StoreError::Corrupt(format!("column {index}: {e}")))
}

fn ids<'a, T: AsRef<str> + 'a>(items: impl Iterator<Item = &'a T>) -> Vec<&'a str> {
    items.map(AsRef::as_ref).collect()
}

/// Reads the whole course.
pub(crate) fn load_course(conn: &Connection) -> Result<Course> {
    let (id, info, objectives, module_order): (String, String, String, String) = conn
        .query_row(
            "SELECT id, info, objectives, module_order FROM course WHERE singleton = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?
        .ok_or_else(|| StoreError::Corrupt("the course row is missing".into()))?;
    let id = CourseId::new(id).map_err(|e| StoreError::Corrupt(format!("course id: {e}")))?;
    let info: CourseInfo = decode("course info", &info)?;
    let objectives: Vec<Objective> = decode("objectives", &objectives)?;
    let module_order: Vec<String> = decode("module order", &module_order)?;

    let mut blocks: BTreeMap<String, Block> = BTreeMap::new();
    {
        let mut stmt =
            conn.prepare("SELECT id, slot, content, placeholders, job_aid FROM blocks")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let slot: Option<String> = row.get(1)?;
            let content: BlockContent = decode(&format!("block `{id}`"), text(row, 2)?)?;
            let placeholders: BTreeSet<String> = match row.get_ref(3)?.as_str_or_null() {
                Ok(Some(marks)) => decode(&format!("placeholders of block `{id}`"), marks)?,
                Ok(None) => BTreeSet::new(),
                Err(e) => return Err(StoreError::Corrupt(format!("block `{id}`: {e}"))),
            };
            let job_aid: Option<bool> = row.get(4)?;
            let block_id =
                BlockId::new(id.clone()).map_err(|e| StoreError::Corrupt(format!("{e}")))?;
            blocks.insert(
                id,
                Block {
                    job_aid,
                    id: block_id,
                    slot,
                    content,
                    placeholders,
                },
            );
        }
    }

    let mut lessons: BTreeMap<String, Lesson> = BTreeMap::new();
    {
        let mut stmt = conn.prepare("SELECT id, settings, block_order FROM lessons")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let what = format!("lesson `{id}`");
            let settings: LessonSettings = decode(&what, text(row, 1)?)?;
            let order: Vec<String> = decode(&what, text(row, 2)?)?;
            let blocks = order
                .iter()
                .map(|b| {
                    blocks.remove(b).ok_or_else(|| {
                        StoreError::Corrupt(format!("{what} lists block `{b}`, which is missing"))
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            let lesson_id =
                LessonId::new(id.clone()).map_err(|e| StoreError::Corrupt(format!("{e}")))?;
            lessons.insert(
                id,
                Lesson {
                    job_aid: settings.job_aid,
                    id: lesson_id,
                    title: settings.title,
                    template: settings.template,
                    assessment: settings.assessment,
                    blocks,
                },
            );
        }
    }
    if let Some(orphan) = blocks.keys().next() {
        return Err(StoreError::Corrupt(format!(
            "block `{orphan}` belongs to no lesson"
        )));
    }

    let mut modules: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    {
        let mut stmt = conn.prepare("SELECT id, title, lesson_order FROM modules")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let title: String = row.get(1)?;
            let order: Vec<String> = decode(&format!("module `{id}`"), text(row, 2)?)?;
            modules.insert(id, (title, order));
        }
    }
    let mut course_modules = Vec::with_capacity(module_order.len());
    for mid in &module_order {
        let (title, order) = modules.remove(mid).ok_or_else(|| {
            StoreError::Corrupt(format!("the course lists module `{mid}`, which is missing"))
        })?;
        let lessons = order
            .iter()
            .map(|l| {
                lessons.remove(l).ok_or_else(|| {
                    StoreError::Corrupt(format!(
                        "module `{mid}` lists lesson `{l}`, which is missing"
                    ))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        course_modules.push(Module {
            id: ModuleId::new(mid.clone()).map_err(|e| StoreError::Corrupt(format!("{e}")))?,
            title,
            lessons,
        });
    }
    if let Some(orphan) = modules.keys().next() {
        return Err(StoreError::Corrupt(format!(
            "module `{orphan}` is not in the course's module order"
        )));
    }
    if let Some(orphan) = lessons.keys().next() {
        return Err(StoreError::Corrupt(format!(
            "lesson `{orphan}` belongs to no module"
        )));
    }

    let mut assets = Vec::new();
    {
        let mut stmt = conn.prepare("SELECT name, info FROM assets ORDER BY name")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let name: String = row.get(0)?;
            let info: AssetInfo = decode(&format!("asset `{name}`"), text(row, 1)?)?;
            if info.name != name {
                return Err(StoreError::Corrupt(format!(
                    "asset row `{name}` describes `{}`",
                    info.name
                )));
            }
            assets.push(info);
        }
    }

    Ok(Course {
        id,
        info,
        objectives,
        modules: course_modules,
        assets,
    })
}

/// Writes every row of `course` into empty tables.
pub(crate) fn insert_all(conn: &Connection, course: &Course) -> Result<()> {
    let everything = Touched {
        course: true,
        objectives: true,
        modules: course.modules.iter().map(|m| m.id.clone()).collect(),
        lessons: course.lessons().map(|l| l.id.clone()).collect(),
        blocks: course.blocks().map(|(_, b)| b.id.clone()).collect(),
        assets: course.assets.iter().map(|a| a.name.clone()).collect(),
    };
    conn.execute(
        "INSERT INTO course (singleton, id, info, objectives, module_order) VALUES (1, ?1, '', '', '')",
        [course.id.as_str()],
    )?;
    write_touched(conn, course, &everything)
}

/// Rewrites each touched entity that exists in `course` and deletes each that
/// no longer does, with the source hashes of its translatable texts
/// (`source_units`). Work is proportional to the touched rows plus one pass
/// over the lessons (and one over the blocks when blocks were touched); the
/// source hashes of the whole course are rebuilt once when the stored ones
/// are missing or from another version of the walk.
pub(crate) fn write_touched(conn: &Connection, course: &Course, touched: &Touched) -> Result<()> {
    let mut units = SourceUnits::current(conn)?;
    if touched.course || touched.objectives {
        if let Some(u) = &mut units {
            u.replace(course.id.as_str(), Part::Head(course))?;
        }
        conn.prepare_cached(
            "UPDATE course SET info = ?1, objectives = ?2, module_order = ?3 WHERE singleton = 1",
        )?
        .execute(params![
            json(&course.info)?,
            json(&course.objectives)?,
            json(&ids(course.modules.iter().map(|m| &m.id)))?,
        ])?;
    }

    if !touched.modules.is_empty() {
        let mut left: BTreeSet<&ModuleId> = touched.modules.iter().collect();
        let mut upsert = conn.prepare_cached(
            "INSERT OR REPLACE INTO modules (id, title, lesson_order) VALUES (?1, ?2, ?3)",
        )?;
        for module in &course.modules {
            if left.remove(&module.id) {
                upsert.execute(params![
                    module.id.as_str(),
                    module.title,
                    json(&ids(module.lessons.iter().map(|l| &l.id)))?,
                ])?;
                if let Some(u) = &mut units {
                    u.replace(module.id.as_str(), Part::Module(module))?;
                }
                if left.is_empty() {
                    break;
                }
            }
        }
        let mut delete = conn.prepare_cached("DELETE FROM modules WHERE id = ?1")?;
        for id in left {
            delete.execute([id.as_str()])?;
            if let Some(u) = &mut units {
                u.remove(id.as_str())?;
            }
        }
    }

    if !touched.lessons.is_empty() {
        let mut left: BTreeSet<&LessonId> = touched.lessons.iter().collect();
        let mut upsert = conn.prepare_cached(
            "INSERT OR REPLACE INTO lessons (id, module_id, settings, block_order) VALUES (?1, ?2, ?3, ?4)",
        )?;
        'modules: for module in &course.modules {
            for lesson in &module.lessons {
                if left.remove(&lesson.id) {
                    upsert.execute(params![
                        lesson.id.as_str(),
                        module.id.as_str(),
                        json(&lesson.settings())?,
                        json(&ids(lesson.blocks.iter().map(|b| &b.id)))?,
                    ])?;
                    if let Some(u) = &mut units {
                        u.replace(lesson.id.as_str(), Part::Lesson(lesson))?;
                    }
                    if left.is_empty() {
                        break 'modules;
                    }
                }
            }
        }
        let mut delete = conn.prepare_cached("DELETE FROM lessons WHERE id = ?1")?;
        for id in left {
            delete.execute([id.as_str()])?;
            if let Some(u) = &mut units {
                u.remove(id.as_str())?;
            }
        }
    }

    if !touched.blocks.is_empty() {
        let mut left: BTreeSet<&BlockId> = touched.blocks.iter().collect();
        let mut upsert = conn.prepare_cached(
            "INSERT OR REPLACE INTO blocks (id, lesson_id, slot, content, placeholders, job_aid) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        // Blocks added or moved sit in a touched lesson: look there first, and
        // walk the whole course only for the rest (updated or deleted blocks).
        let touched_lessons = if touched.lessons.len() <= 8 {
            touched
                .lessons
                .iter()
                .filter_map(|id| course.lesson(id))
                .collect()
        } else {
            Vec::new()
        };
        for lesson in touched_lessons.into_iter().chain(course.lessons()) {
            if left.is_empty() {
                break;
            }
            for block in &lesson.blocks {
                if left.remove(&block.id) {
                    upsert.execute(params![
                        block.id.as_str(),
                        lesson.id.as_str(),
                        block.slot,
                        json(&block.content)?,
                        if block.placeholders.is_empty() {
                            None
                        } else {
                            Some(json(&block.placeholders)?)
                        },
                        block.job_aid,
                    ])?;
                    if let Some(u) = &mut units {
                        u.replace(block.id.as_str(), Part::Block(block))?;
                    }
                }
            }
        }
        let mut delete = conn.prepare_cached("DELETE FROM blocks WHERE id = ?1")?;
        for id in left {
            delete.execute([id.as_str()])?;
            if let Some(u) = &mut units {
                u.remove(id.as_str())?;
            }
        }
    }

    if !touched.assets.is_empty() {
        let mut has_blob = conn.prepare_cached("SELECT 1 FROM blobs WHERE sha256 = ?1")?;
        let mut upsert = conn.prepare_cached(
            "INSERT OR REPLACE INTO assets (name, sha256, info) VALUES (?1, ?2, ?3)",
        )?;
        let mut delete = conn.prepare_cached("DELETE FROM assets WHERE name = ?1")?;
        for name in &touched.assets {
            match course.asset(name) {
                Some(asset) => {
                    if !has_blob.exists([asset.sha256.as_str()])? {
                        return Err(StoreError::MissingBlob {
                            name: name.clone(),
                            sha256: asset.sha256.clone(),
                        });
                    }
                    upsert.execute(params![name, asset.sha256, json(asset)?])?;
                }
                None => {
                    delete.execute([name])?;
                }
            }
        }
    }
    if units.is_none() {
        drop(units);
        source_units::rebuild(conn, course)?;
    }
    Ok(())
}

/// Stores `bytes` under their hash unless already present.
pub(crate) fn put_blob(conn: &Connection, sha256: &str, bytes: &[u8]) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO blobs (sha256, bytes) VALUES (?1, ?2)")?
        .execute(params![sha256, bytes])?;
    Ok(())
}
