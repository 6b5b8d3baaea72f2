//! The course, its objectives, modules and lessons.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::block::Block;
use crate::id::{BlockId, CourseId, LessonId, ModuleId, ObjectiveId};
use crate::template::TemplateKind;

/// A whole course: what one `.trellis` file or one text-format folder holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Course {
    pub id: CourseId,
    pub info: CourseInfo,
    #[serde(default)]
    pub objectives: Vec<Objective>,
    #[serde(default)]
    pub modules: Vec<Module>,
    /// Metadata of every asset the course carries, sorted by name. The bytes
    /// live in the course file (or the `assets/` folder of the text format).
    #[serde(default)]
    pub assets: Vec<AssetInfo>,
}

/// Course-level settings that one edit replaces as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct CourseInfo {
    pub title: String,
    /// BCP 47 language tag, e.g. `en`, `en-GB`, `fr-CA`.
    pub language: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// The author's own version label, e.g. `1.0` or `2026-11`.
    pub version: String,
    #[serde(default)]
    pub completion: CompletionRule,
    /// How the learner's result is reported to a SCORM LMS.
    #[serde(default)]
    pub reporting: Reporting,
    /// The course score and pass mark over assessments and scored knowledge
    /// checks.
    #[serde(default, skip_serializing_if = "Scoring::is_default")]
    pub scoring: Scoring,
    #[serde(default)]
    pub theme: Theme,
    /// The settings that still hold a blueprint's placeholder text:
    /// `title`, `description`, `authors` (see [`crate::placeholder`]).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub placeholders: BTreeSet<String>,
    /// Where the job aid's phone page is put online; the job aid's QR code
    /// points there. Empty: no QR code.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub job_aid_url: String,
    /// The date of this version (`YYYY-MM-DD`), printed on the job aid.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub version_date: String,
}

/// What a learner must do for the course to count as complete.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum CompletionRule {
    /// Every lesson has been viewed.
    #[default]
    AllLessonsViewed,
    /// The assessment has been passed.
    AssessmentPassed,
    /// Every lesson viewed and the assessment passed.
    Both,
}

impl CompletionRule {
    pub const ALL: [CompletionRule; 3] =
        [Self::AllLessonsViewed, Self::AssessmentPassed, Self::Both];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AllLessonsViewed => "all-lessons-viewed",
            Self::AssessmentPassed => "assessment-passed",
            Self::Both => "both",
        }
    }

    /// Whether the rule needs an assessment lesson to be satisfiable.
    pub fn needs_assessment(self) -> bool {
        !matches!(self, Self::AllLessonsViewed)
    }
}

/// What a SCORM LMS is told about the learner, named after the SCORM 1.2
/// `lesson_status` pair an LMS admin picks in other tools: the value for a
/// learner who passes, then the one for a learner who does not. SCORM 2004
/// follows the same intent with its separate completion and success
/// statuses (see docs/publishing.md for the full table).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum Reporting {
    /// Passed or failed once the assessment is taken; incomplete before.
    #[default]
    PassedFailed,
    /// Passed, or incomplete until the learner passes (never failed).
    PassedIncomplete,
    /// Completed once finished and not failed; incomplete otherwise.
    CompletedIncomplete,
    /// Passed when passed, completed when finished without passing.
    CompletedPassed,
}

impl Reporting {
    pub const ALL: [Reporting; 4] = [
        Self::PassedFailed,
        Self::PassedIncomplete,
        Self::CompletedIncomplete,
        Self::CompletedPassed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PassedFailed => "passed-failed",
            Self::PassedIncomplete => "passed-incomplete",
            Self::CompletedIncomplete => "completed-incomplete",
            Self::CompletedPassed => "completed-passed",
        }
    }

    /// Whether a failing learner is reported as failed, so an LMS may judge
    /// the score against a mastery score itself.
    pub fn reports_failure(self) -> bool {
        self == Self::PassedFailed
    }
}

impl std::str::FromStr for Reporting {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|r| r.as_str()).collect();
                format!("unknown reporting `{s}`; choose {}", names.join(", "))
            })
    }
}

/// How the course score is made and judged. Without a course pass mark and
/// without knowledge checks marked scored, the course score is the mean of
/// the assessments' best scores and each assessment's own pass mark decides
/// (the rule before course scoring existed).
///
/// With either, the course score is the knowledge checks' share of points
/// (every scored question outside an assessment, by its points) weighed
/// against the mean of the assessments' best scores, and the course pass
/// mark, when set, decides whether the learner passed. Points not yet
/// earned count as missed, so a score only grows as the learner goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// Percentage of the course score needed to pass, 0 to 100; `None`: the
    /// assessments' own pass marks decide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass_mark: Option<u32>,
    /// Percentage of the course score the scored knowledge checks carry when
    /// the course also has assessments (which share the rest equally).
    #[serde(default = "Scoring::default_checks_weight")]
    pub checks_weight: u32,
}

impl Scoring {
    pub const DEFAULT_CHECKS_WEIGHT: u32 = 50;
    fn default_checks_weight() -> u32 {
        Self::DEFAULT_CHECKS_WEIGHT
    }
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

impl Default for Scoring {
    fn default() -> Self {
        Self {
            pass_mark: None,
            checks_weight: Self::DEFAULT_CHECKS_WEIGHT,
        }
    }
}

/// Look of the published course. Colours are CSS hex colours (`#rrggbb`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    #[serde(default = "Theme::default_primary")]
    pub primary_color: String,
    #[serde(default = "Theme::default_background")]
    pub background_color: String,
    #[serde(default = "Theme::default_text")]
    pub text_color: String,
    #[serde(default = "Theme::default_font")]
    pub body_font: String,
    #[serde(default = "Theme::default_font")]
    pub heading_font: String,
    /// Asset name of a logo image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
}

impl Theme {
    fn default_primary() -> String {
        "#1f5f8b".into()
    }
    fn default_background() -> String {
        "#ffffff".into()
    }
    fn default_text() -> String {
        "#1b1b1b".into()
    }
    fn default_font() -> String {
        "system-ui, sans-serif".into()
    }
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            primary_color: Self::default_primary(),
            background_color: Self::default_background(),
            text_color: Self::default_text(),
            body_font: Self::default_font(),
            heading_font: Self::default_font(),
            logo: None,
        }
    }
}

/// A learning objective: what the learner will be able to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub id: ObjectiveId,
    /// "Identify the three signs of a phishing e-mail."
    pub statement: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bloom: Option<BloomLevel>,
    /// The statement is still a blueprint's placeholder text.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub placeholder: bool,
}

/// Level of Bloom's revised taxonomy an objective aims at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum BloomLevel {
    Remember,
    Understand,
    Apply,
    Analyze,
    Evaluate,
    Create,
}

impl BloomLevel {
    pub const ALL: [BloomLevel; 6] = [
        Self::Remember,
        Self::Understand,
        Self::Apply,
        Self::Analyze,
        Self::Evaluate,
        Self::Create,
    ];
}

/// A module groups lessons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Module {
    pub id: ModuleId,
    pub title: String,
    #[serde(default)]
    pub lessons: Vec<Lesson>,
}

/// A lesson: an ordered list of blocks built from a lesson template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Lesson {
    pub id: LessonId,
    pub title: String,
    pub template: TemplateKind,
    /// Settings of an assessment lesson; `None` for every other template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<AssessmentSettings>,
    #[serde(default)]
    pub blocks: Vec<Block>,
    /// Every block of the lesson goes in the job aid (except those the
    /// author kept out one by one).
    #[serde(default, skip_serializing_if = "is_false")]
    pub job_aid: bool,
}

/// Lesson-level settings that one edit replaces as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct LessonSettings {
    pub title: String,
    pub template: TemplateKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<AssessmentSettings>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub job_aid: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Lesson {
    /// The assessment settings in force: those of an assessment lesson only.
    /// Settings kept on a lesson of another template (an `[assessment]` table
    /// left behind when the template changed) are ignored by publish, the
    /// player and the check alike; the check warns that they are unused.
    pub fn assessment_settings(&self) -> Option<&AssessmentSettings> {
        self.assessment
            .as_ref()
            .filter(|_| self.template == TemplateKind::Assessment)
    }

    pub fn settings(&self) -> LessonSettings {
        LessonSettings {
            title: self.title.clone(),
            template: self.template,
            assessment: self.assessment.clone(),
            job_aid: self.job_aid,
        }
    }

    /// Whether `block` of this lesson goes in the job aid: the author's
    /// choice for the block, else the lesson's mark, else the default.
    pub fn block_in_job_aid(&self, block: &Block) -> bool {
        block
            .job_aid
            .unwrap_or(self.job_aid || block.in_job_aid_by_default())
    }
}

/// How an assessment lesson draws and scores its question pool (the
/// questions among its blocks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct AssessmentSettings {
    /// How many questions to draw from the pool per attempt; `None` = all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draw: Option<u32>,
    #[serde(default)]
    pub shuffle: bool,
    /// Percentage of points needed to pass, 0 to 100.
    pub pass_mark: u32,
    /// Attempts allowed; 0 means unlimited.
    #[serde(default)]
    pub attempts: u32,
}

impl Default for AssessmentSettings {
    fn default() -> Self {
        Self {
            draw: None,
            shuffle: true,
            pass_mark: 80,
            attempts: 0,
        }
    }
}

/// An asset the course carries, addressed by its name (a relative path such
/// as `images/phishing-email.png`) and stored once per content hash.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct AssetInfo {
    pub name: String,
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
    pub size: u64,
    /// e.g. `image/png`, `video/mp4`, `text/vtt`.
    pub media_type: String,
    /// Pixel size, for images.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
}

/// Where a block sits in the course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockPlace {
    pub module: usize,
    pub lesson: usize,
    pub block: usize,
}

impl Course {
    /// A new, empty course.
    pub fn new(id: CourseId, title: impl Into<String>) -> Self {
        Self {
            id,
            info: CourseInfo {
                job_aid_url: String::new(),
                version_date: String::new(),
                title: title.into(),
                language: "en".into(),
                description: String::new(),
                authors: Vec::new(),
                version: "1.0".into(),
                completion: CompletionRule::default(),
                reporting: Reporting::default(),
                scoring: Scoring::default(),
                theme: Theme::default(),
                placeholders: BTreeSet::new(),
            },
            objectives: Vec::new(),
            modules: Vec::new(),
            assets: Vec::new(),
        }
    }

    pub fn lessons(&self) -> impl Iterator<Item = &Lesson> {
        self.modules.iter().flat_map(|m| m.lessons.iter())
    }

    /// Whether the course has a job aid: at least one block goes in it.
    pub fn has_job_aid(&self) -> bool {
        self.blocks()
            .any(|(l, b)| b.content.fits_job_aid() && l.block_in_job_aid(b))
    }

    pub fn blocks(&self) -> impl Iterator<Item = (&Lesson, &Block)> {
        self.lessons()
            .flat_map(|l| l.blocks.iter().map(move |b| (l, b)))
    }

    /// The knowledge checks that count toward the course score: questions
    /// marked scored in lessons that are not scored as assessments.
    pub fn scored_checks(&self) -> impl Iterator<Item = (&Lesson, &Block)> {
        self.blocks().filter(|(l, b)| {
            l.assessment_settings().is_none() && b.question().is_some_and(|q| q.scored)
        })
    }

    /// Whether the course has a course-wide score of its own (a course pass
    /// mark, or knowledge checks marked scored) rather than only its
    /// assessments' results.
    pub fn has_course_scoring(&self) -> bool {
        self.info.scoring.pass_mark.is_some() || self.scored_checks().next().is_some()
    }

    pub fn objective(&self, id: &ObjectiveId) -> Option<&Objective> {
        self.objectives.iter().find(|o| &o.id == id)
    }

    pub fn module(&self, id: &ModuleId) -> Option<&Module> {
        self.modules.iter().find(|m| &m.id == id)
    }

    pub fn module_index(&self, id: &ModuleId) -> Option<usize> {
        self.modules.iter().position(|m| &m.id == id)
    }

    /// (module index, lesson index) of a lesson.
    pub fn lesson_place(&self, id: &LessonId) -> Option<(usize, usize)> {
        self.modules.iter().enumerate().find_map(|(mi, m)| {
            m.lessons
                .iter()
                .position(|l| &l.id == id)
                .map(|li| (mi, li))
        })
    }

    pub fn lesson(&self, id: &LessonId) -> Option<&Lesson> {
        self.lesson_place(id)
            .map(|(m, l)| &self.modules[m].lessons[l])
    }

    pub fn block_place(&self, id: &BlockId) -> Option<BlockPlace> {
        for (mi, m) in self.modules.iter().enumerate() {
            for (li, l) in m.lessons.iter().enumerate() {
                if let Some(bi) = l.blocks.iter().position(|b| &b.id == id) {
                    return Some(BlockPlace {
                        module: mi,
                        lesson: li,
                        block: bi,
                    });
                }
            }
        }
        None
    }

    pub fn block(&self, id: &BlockId) -> Option<&Block> {
        self.block_place(id)
            .map(|p| &self.modules[p.module].lessons[p.lesson].blocks[p.block])
    }

    pub fn asset(&self, name: &str) -> Option<&AssetInfo> {
        self.assets
            .binary_search_by(|a| a.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.assets[i])
    }

    /// Every course-wide id: the course's, objectives', modules', lessons' and blocks'.
    pub fn all_ids(&self) -> std::collections::HashSet<&str> {
        let mut ids = std::collections::HashSet::new();
        ids.insert(self.id.as_str());
        ids.extend(self.objectives.iter().map(|o| o.id.as_str()));
        for m in &self.modules {
            ids.insert(m.id.as_str());
            for l in &m.lessons {
                ids.insert(l.id.as_str());
                ids.extend(l.blocks.iter().map(|b| b.id.as_str()));
            }
        }
        ids
    }

    /// Whether any entity (course, objective, module, lesson or block) uses `id`.
    pub fn id_in_use(&self, id: &str) -> bool {
        self.id.as_str() == id
            || self.objectives.iter().any(|o| o.id.as_str() == id)
            || self.modules.iter().any(|m| {
                m.id.as_str() == id
                    || m.lessons.iter().any(|l| {
                        l.id.as_str() == id || l.blocks.iter().any(|b| b.id.as_str() == id)
                    })
            })
    }
}
