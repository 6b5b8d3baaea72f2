// Learners' results as the core's `results` command answers them
// (trellis_results::Report; docs/results.md, docs/app-api.md).

export interface ResultFlag { code: 'too-easy' | 'too-hard' | 'unpicked-distractor' | 'negative-discrimination'; message: string }

export interface ChoiceFigures { id: string; text: string; correct: boolean; picks: number; share: number }

export interface QuestionFigures {
  block: string;
  title: string;
  lesson: string;
  kind: string;
  attempts: number;
  learners: number;
  facility_first: number | null;
  facility_eventual: number | null;
  discrimination: number | null;
  choices: ChoiceFigures[];
  median_seconds: number | null;
  meaningful: boolean;
  flags: ResultFlag[];
}

export interface ObjectiveFigures {
  objective: string;
  statement: string;
  questions: number;
  learners: number;
  mastered: number;
  mastery_rate: number | null;
  meaningful: boolean;
}

export interface LessonFigures { lesson: string; title: string; measured: boolean; reached: number; reach: number | null; drop_off: number | null }

export interface Figures {
  statements: number;
  learners: number;
  completed: number;
  passed: number;
  failed: number;
  meaningful: boolean;
  questions: QuestionFigures[];
  objectives: ObjectiveFigures[];
  lessons: LessonFigures[];
  unknown_questions: number;
}

export interface VersionSummary { version: string; statements: number; learners: number; first: string; last: string }

export interface ResultsReport {
  course: string;
  min_learners: number;
  all: Figures;
  versions: VersionSummary[];
  by_version: Record<string, Figures>;
}

export interface ResultsAnswer { statements: number; report: ResultsReport }
