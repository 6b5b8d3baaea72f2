// Learners' results as the core's `results` command answers them: made from
// the Rust types (trellis_results::Report, crates/trellis-app/src/results.rs)
// in ./generated; docs/results.md says what each figure means.

export type {
  ChoiceFigures,
  Figures,
  LessonFigures,
  ObjectiveFigures,
  QuestionFigures,
  ResultFlag,
  ResultsAnswer,
  ResultsImported,
  ResultsPullStatus,
  ResultsStore,
  ResultsReport,
  VersionSummary,
} from './generated';
