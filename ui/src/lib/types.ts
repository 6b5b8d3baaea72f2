// JSON shapes of the core (crates/trellis-model, trellis-check) as the app API
// sends them. See docs/app-api.md.

export type TemplateKind = 'concept' | 'procedure' | 'scenario' | 'assessment' | 'free';

export interface Theme {
  primary_color: string;
  background_color: string;
  text_color: string;
  body_font: string;
  heading_font: string;
  logo?: string | null;
}

export interface CourseInfo {
  title: string;
  language: string;
  description?: string;
  authors?: string[];
  version: string;
  completion: 'all-lessons-viewed' | 'assessment-passed' | 'both';
  reporting?: 'passed-failed' | 'passed-incomplete' | 'completed-incomplete' | 'completed-passed';
  /** Absent: no course pass mark, knowledge checks weigh 50% (the core's defaults). */
  scoring?: Scoring;
  theme: Theme;
  /** Settings still holding a blueprint's placeholder text (title, description, authors). */
  placeholders?: string[];
}

/** The course score over assessments and knowledge checks marked scored. */
export interface Scoring {
  /** Percent of the course score needed to pass; absent: each assessment's own pass mark decides. */
  pass_mark?: number | null;
  /** Percent of the course score the scored knowledge checks carry when there are assessments too. */
  checks_weight?: number;
}

export type Bloom = 'remember' | 'understand' | 'apply' | 'analyze' | 'evaluate' | 'create';

export interface Objective {
  id: string;
  statement: string;
  bloom?: Bloom | null;
  /** The statement is still a blueprint's placeholder text. */
  placeholder?: boolean;
}

export interface AssessmentSettings {
  draw?: number | null;
  shuffle: boolean;
  pass_mark: number;
  attempts: number;
}

export interface Lesson {
  id: string;
  title: string;
  template: TemplateKind;
  assessment?: AssessmentSettings | null;
  blocks: Block[];
}

/** A question or scenario of a lesson outline. */
export interface PracticeOutline {
  id: string;
  kind: 'question' | 'scenario';
  question_type?: string;
  /** The prompt's (or the scenario title's) first line, Markdown, cut short. */
  text: string;
  objectives: string[];
  points?: number;
  /** A question marked as counting toward the course score. */
  scored?: boolean;
}

/**
 * A lesson whose blocks the editor has not fetched (crates/trellis-app/src/outline.rs):
 * snapshots carry every lesson but one like this; `lessons {ids}` fetches them
 * whole, and deltas carry changed lessons whole.
 */
export interface LessonOutline {
  id: string;
  title: string;
  template: TemplateKind;
  assessment?: AssessmentSettings | null;
  outline: { blocks: number; filled: string[]; practice: PracticeOutline[] };
}

export type LessonEntry = Lesson | LessonOutline;

export function isWhole(l: LessonEntry): l is Lesson {
  return 'blocks' in l;
}

export interface Module {
  id: string;
  title: string;
  lessons: LessonEntry[];
}

export interface AssetInfo {
  name: string;
  sha256: string;
  size: number;
  media_type: string;
  width?: number;
  height?: number;
}

export interface Course {
  id: string;
  info: CourseInfo;
  objectives: Objective[];
  modules: Module[];
  assets: AssetInfo[];
}

export interface Panel { id: string; title: string; markdown: string }
export interface Flashcard { id: string; front: string; back: string }
export interface Marker { id: string; x: number; y: number; label: string; markdown: string }
export interface Choice { id: string; text: string; correct?: boolean; feedback?: string }
export interface MatchPair { id: string; left: string; right: string }
export interface OrderItem { id: string; text: string }

export type Answer =
  | { type: 'single-choice'; choices: Choice[] }
  | { type: 'multiple-response'; choices: Choice[] }
  | { type: 'true-false'; correct: boolean; true_feedback?: string; false_feedback?: string }
  | { type: 'fill-blank'; accepted: string[]; case_sensitive?: boolean }
  | { type: 'matching'; pairs: MatchPair[] }
  | { type: 'ordering'; items: OrderItem[] }
  | { type: 'numeric'; value: number; tolerance?: number };

export interface Question {
  prompt: string;
  points: number;
  objectives: string[];
  correct_feedback?: string;
  incorrect_feedback?: string;
  hint?: string;
  attempts: number;
  /** Outside an assessment: a knowledge check that counts toward the course score. */
  scored?: boolean;
  answer: Answer;
}

export interface ScenarioChoice { id: string; text: string; consequence: string; next: string }
export interface Ending { label: string; score?: number | null }
export interface ScenarioNode { id: string; narrative: string; choices?: ScenarioChoice[]; ending?: Ending | null }
export interface Scenario { title: string; objectives: string[]; start: string; nodes: ScenarioNode[] }

export interface Media {
  asset?: string | null;
  url?: string | null;
  title?: string;
  captions?: string | null;
  transcript?: string;
  poster?: string | null;
}

/** How an image block lays out its image (crates/trellis-model ImageLayout). */
export type ImageLayout = 'centered' | 'full-width' | 'image-left' | 'image-right';

export type BlockContent =
  | { kind: 'text'; markdown: string }
  | { kind: 'heading'; text: string; level: number }
  | { kind: 'image'; asset: string; alt: string; caption?: string; decorative?: boolean; layout?: ImageLayout; markdown?: string }
  | ({ kind: 'video' } & Media)
  | ({ kind: 'audio' } & Media)
  | { kind: 'callout'; style: 'info' | 'tip' | 'warning'; title?: string; markdown: string }
  | { kind: 'quote'; markdown: string; attribution?: string }
  | { kind: 'accordion'; panels: Panel[] }
  | { kind: 'tabs'; panels: Panel[] }
  | { kind: 'flashcards'; cards: Flashcard[] }
  | { kind: 'process'; steps: Panel[] }
  | { kind: 'columns'; columns: Panel[] }
  | { kind: 'labelled-graphic'; asset: string; alt: string; markers: Marker[] }
  | { kind: 'divider' }
  | ({ kind: 'question' } & Question)
  | ({ kind: 'scenario' } & Scenario);

export type BlockKind = BlockContent['kind'];

export interface Block {
  id: string;
  slot?: string | null;
  content: BlockContent;
  /** Paths of the text fields still holding a blueprint's placeholder text; an edit that changes a field clears its mark. */
  placeholders?: string[];
}

export interface Snapshot {
  path: string;
  revision: number;
  course: Course;
  can_undo: boolean;
  can_redo: boolean;
  undo_label?: string | null;
  redo_label?: string | null;
  check: { errors: number; warnings: number; infos: number };
  /** Changes whenever the review comments do (they leave `revision` alone). */
  comments_revision: number;
  /** Set while a course file from an older Trellis waits to be updated on the first change. */
  upgrade_notice?: string | null;
}

/** What changed in the course; absent parts did not (docs/app-api.md, "Deltas"). */
export interface Changes {
  info?: CourseInfo;
  module_order?: string[];
  objectives?: Objective[];
  modules?: { id: string; title: string; lessons: string[] }[];
  lessons?: Lesson[];
  assets?: AssetInfo[];
}

/** The reply of a command that changes the course: the snapshot's fields
 *  without `course`, and the changes from revision `base` to `revision`. */
export type Delta = Omit<Snapshot, 'course'> & { base: number; changes: Changes };

export type Severity = 'info' | 'warning' | 'error';

export interface Finding {
  severity: Severity;
  rule: string;
  location: {
    objective?: string;
    module?: string;
    lesson?: string;
    block?: string;
    item?: string;
    asset?: string;
    /** The field to focus (its data-field name) in the block, item or course settings. */
    field?: string;
    path: string;
  };
  message: string;
}

export interface Report {
  findings: Finding[];
  counts?: { errors: number; warnings: number; infos: number };
  /** Set when the findings are one lesson's (and the course-level ones). */
  lesson?: string;
}

export interface Blueprint { name: string; title: string; description: string; lessons: number }
export interface Recent { path: string; title: string; opened_at: string | number }
export interface AssetEntry {
  name: string;
  media_type: string;
  size: number;
  width?: number | null;
  height?: number | null;
  used_by: { lesson: string; block: string }[];
  missing_alt: boolean;
}

export type Edit = { op: string; [key: string]: unknown };

export type Command =
  | { cmd: 'blueprints' }
  | { cmd: 'templates' }
  | { cmd: 'recent' }
  | { cmd: 'about' }
  | { cmd: 'new_course'; blueprint: string; path?: string; title?: string }
  | { cmd: 'open_course'; path: string }
  | { cmd: 'import_folder'; folder: string; path?: string }
  | { cmd: 'import_document'; document: string; path?: string; slides_as_headings?: boolean }
  | { cmd: 'snapshot'; lesson?: string; full?: boolean; if_open?: boolean }
  | { cmd: 'lessons'; ids: string[] }
  | { cmd: 'apply'; edit: Edit; run?: string }
  | { cmd: 'undo' }
  | { cmd: 'redo' }
  | { cmd: 'duplicate'; kind: 'module' | 'lesson' | 'block'; id: string }
  | { cmd: 'new_block'; lesson: string; index: number; kind: string; question_type?: string; slot?: string }
  | { cmd: 'import_asset'; name: string; data_base64?: string; path?: string }
  | { cmd: 'assets' }
  | { cmd: 'check'; lesson?: string }
  | { cmd: 'publish'; target: string; path: string; folder?: boolean; allow_state_overflow?: boolean }
  /** Browser mode: `trellis studio` picks the place and serves the zip as a download. */
  | { cmd: 'publish'; target: string; download: true }
  | { cmd: 'export'; path: string; zip?: boolean }
  | { cmd: 'export'; download: true }
  | { cmd: 'default_path'; kind: 'course' | 'package' | 'export' | 'export_zip'; title?: string; target?: string }
  | { cmd: 'close' }
  | { cmd: 'preview_update'; from: number }
  | { cmd: 'changes'; from: number }
  | { cmd: 'reveal'; path: string }
  | { cmd: 'comments' }
  | { cmd: 'results'; min_learners?: number }
  | { cmd: 'import_review'; path?: string; data_base64?: string }
  | { cmd: 'reply_comment'; id: string; author: string; text: string }
  | { cmd: 'resolve_comment'; id: string }
  | { cmd: 'reopen_comment'; id: string };

export interface ApiError { code: string; message: string }

export interface PublishResult {
  path: string;
  target: string;
  file_count: number;
  files: { path: string; size: number }[];
  uncompressed_size: number;
  zip_size: number;
  state: { worst: number; limit: number } | null;
  warnings: { code: string; message: string }[];
  elapsed_ms: number;
  /** Browser mode: where `trellis studio` serves the package it wrote. */
  download?: string;
}

/** The result of `export`. */
export interface ExportResult {
  path: string;
  zip: boolean;
  /** Browser mode: where `trellis studio` serves the zip it wrote. */
  download?: string;
}

/** The result of `default_path`. */
export interface Place { path: string; folder: string; name: string }

/** The result of `about`. */
export interface About { name: string; version: string; licence: string; repository: string; built_with: string[] }

/** Where a review comment stands against the course as it is now. */
export type Anchor = 'current' | 'changed' | 'block-deleted' | 'lesson-deleted';

/** An SME review comment (docs/app-api.md, "SME review comments"). Its
 *  text, quote and replies are plain text: always shown as text. */
export interface ReviewComment {
  id: string;
  target: { lesson: string; block?: string; item?: string; part?: string };
  reviewer: string;
  text: string;
  quote?: string;
  block_version?: string;
  created: string;
  status: 'open' | 'resolved';
  replies?: { author: string; text: string; created: string }[];
  anchor: Anchor;
}

export interface ReviewImport { added: number; skipped: number; reviewer: string; comments_revision: number }

/** What `import_document` did: each part of the document and what it became, and what was not brought over. */
export interface ImportReport {
  format: string;
  mapped: { place: string; what: string }[];
  skipped: { place: string; what: string }[];
}
