// The app API's types are made from the Rust types (./generated, see
// crates/trellis-app/tests/typescript.rs and docs/app-api.md). This file
// re-exports them, names a few the way the editor speaks of them, and
// holds the types only the UI has.

import type { Command, Lesson, LessonEntry } from './generated';

export type * from './generated';
export { CHANGES_COURSE, EDITS_COURSE } from './generated';

export type {
  AppError as ApiError,
  BloomLevel as Bloom,
  BlueprintInfo as Blueprint,
  CommentView as ReviewComment,
  CourseView as Course,
  ModuleView as Module,
} from './generated';

/** What `publish` answers; in browser mode `download` is where `trellis
 *  studio` serves the package it wrote. */
export type PublishResult = import('./generated').PublishResult & { download?: string };

/** What publishing the job aid answers; in browser mode `download` as above. */
export type JobAidPublished = import('./generated').JobAidPublished & { download?: string };

/** What `export` answers; in browser mode `download` is where `trellis
 *  studio` serves the zip it wrote. */
export type ExportResult = import('./generated').ExportResult & { download?: string };

/** Whether a lesson of a snapshot came whole (with its blocks), not as an outline. */
export function isWhole(l: LessonEntry): l is Lesson {
  return 'blocks' in l;
}

/** A block's kind, e.g. `text` or `question`. */
export type BlockKind = import('./generated').BlockContent['kind'];

/** A question's type, e.g. `single-choice`. */
export type QuestionType = import('./generated').Answer['type'];

/** Browser mode: `trellis studio` picks the place and serves the package or
 *  zip as a download (handled by the studio before the app sees it). */
export type StudioCommand = import('./generated').DownloadCommand;

/** What the UI sends: an app command, or one of the studio's own. */
export type Request = Command | StudioCommand;
