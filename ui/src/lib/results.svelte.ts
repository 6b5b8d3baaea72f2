// Learners' results for the open course: fetched once when a course opens
// (and again when the Results view opens), kept by question and objective so
// a lesson shows its figures at once. Results are read in with `trellis
// results pull` or `import`; reading them never changes the course.
import { untrack } from 'svelte';
import { app } from './app.svelte';
import type { ObjectiveFigures, QuestionFigures, ResultsReport } from './results-types';

class Results {
  report = $state<ResultsReport | null>(null);
  statements = $state(0);
  private path: string | null = null;

  byQuestion = $derived(new Map<string, QuestionFigures>((this.report?.all.questions ?? []).map((q) => [q.block, q])));
  byObjective = $derived(new Map<string, ObjectiveFigures>((this.report?.all.objectives ?? []).map((o) => [o.objective, o])));

  sync(path: string | null) {
    if (path === this.path) return;
    this.path = path;
    this.report = null;
    this.statements = 0;
    if (path) void this.refresh();
  }

  async refresh() {
    const path = this.path;
    const r = await app.call<{ statements: number; report: ResultsReport }>({ cmd: 'results' }, { quiet: true, silent: true });
    if (!r || !app.snap || app.snap.path !== path) return;
    this.report = r.report;
    this.statements = r.statements;
  }
}

export const results = new Results();

/** "72 %", or a dash when there is no figure. */
export function pct(v: number | null | undefined): string {
  return v == null ? '—' : `${Math.round(v * 100)} %`;
}

$effect.root(() => {
  $effect(() => {
    const path = app.snap?.path ?? null;
    untrack(() => results.sync(path));
  });
});
