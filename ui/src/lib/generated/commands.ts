// Made from the Rust types by crates/trellis-app/tests/typescript.rs;
// do not edit (TRELLIS_WRITE_TYPES=1 cargo test -p trellis-app --test typescript).

import type { About, AssetEntry, BlueprintInfo, ChangePlace, Changes, Command, CommentChange, CommentList, CourseView, ExportResult, ImportReport, JobAidPublished, JobAidView, Lesson, Place, PreviewUpdate, PublishResult, Recent, Report, ResultsAnswer, ResultsImported, ResultsPullStatus, ReviewImport, SnapshotShape, TemplateInfo, TranslationSet, TranslationStatus, TranslationUnits } from './index';

/** The state the UI draws from, whole: from opening a course and `snapshot`. */
export type Snapshot = Omit<SnapshotShape, 'course' | 'base' | 'changes'> & { course: CourseView };

/** The answer of a command that changes the course: the snapshot's fields
 *  without `course`, and the changes from revision `base` to `revision`. */
export type Delta = Omit<SnapshotShape, 'course' | 'base' | 'changes'> & { base: number; changes: Changes };

/** A command's name (`cmd`). */
export type CommandName = Command['cmd'];

/** What each command answers. */
export interface CommandResults {
  blueprints: BlueprintInfo[];
  templates: TemplateInfo[];
  recent: Recent[];
  about: About;
  new_course: Snapshot;
  open_course: Snapshot;
  import_folder: Snapshot;
  import_document: Snapshot & { import_report: ImportReport };
  import_document_into: (Delta | Snapshot) & { import_report: ImportReport };
  snapshot: Snapshot | null;
  lessons: Lesson[];
  apply: Delta | Snapshot;
  undo: (Delta & { place?: ChangePlace }) | Snapshot;
  redo: (Delta & { place?: ChangePlace }) | Snapshot;
  duplicate: Delta | Snapshot;
  new_block: Delta | Snapshot;
  import_asset: Delta | Snapshot;
  assets: AssetEntry[];
  check: Report;
  job_aid: JobAidView;
  publish: PublishResult | JobAidPublished;
  export: ExportResult;
  default_path: Place;
  reveal: null;
  close: null;
  preview_update: PreviewUpdate;
  changes: Delta | Snapshot;
  comments: CommentList;
  results: ResultsAnswer;
  results_pull: ResultsPullStatus;
  results_pull_status: ResultsPullStatus;
  import_results: ResultsImported;
  import_review: ReviewImport;
  reply_comment: CommentChange;
  resolve_comment: CommentChange;
  reopen_comment: CommentChange;
  translations: TranslationStatus;
  translation_units: TranslationUnits;
  set_translation: TranslationSet;
}

/** The commands that may change the course or which course is open. */
export const CHANGES_COURSE: ReadonlySet<CommandName> = new Set<CommandName>(['new_course', 'open_course', 'import_folder', 'import_document', 'import_document_into', 'apply', 'undo', 'redo', 'duplicate', 'new_block', 'import_asset', 'close']);

/** The commands that edit the open course, each one undo step. */
export const EDITS_COURSE: ReadonlySet<CommandName> = new Set<CommandName>(['import_document_into', 'apply', 'undo', 'redo', 'duplicate', 'new_block', 'import_asset']);
