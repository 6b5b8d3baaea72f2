// Learners' results for the open course: fetched once when a course opens
// (and again when the Results view opens, and after results are read in),
// kept by question and objective so a lesson shows its figures at once.
// Results are read in from a record store (in the background: `results_pull`,
// followed here until it ends) or a file (`import_results`), or with
// `trellis results pull` / `import`; none of it changes the course.
import { untrack } from 'svelte';
import { app } from './app.svelte';
import type {
  ObjectiveFigures,
  QuestionFigures,
  ResultsAnswer,
  ResultsImported,
  ResultsPullStatus,
  ResultsReport,
  ResultsStore,
} from './results-types';
import { toApiError } from './transport';

/** How often a running pull is asked how far it has got. */
const POLL_MS = 400;

class Results {
  report = $state<ResultsReport | null>(null);
  statements = $state(0);
  stores = $state<ResultsStore[]>([]);
  /** The latest pull of this session for the open course. */
  pull = $state<ResultsPullStatus | null>(null);
  /** A pull that could not start, or the latest import: what to tell the author. */
  message = $state<{ ok: boolean; text: string; problems: string[] } | null>(null);
  importing = $state(false);
  private path: string | null = null;

  byQuestion = $derived(new Map<string, QuestionFigures>((this.report?.all.questions ?? []).map((q) => [q.block, q])));
  byObjective = $derived(new Map<string, ObjectiveFigures>((this.report?.all.objectives ?? []).map((o) => [o.objective, o])));

  sync(path: string | null) {
    if (path === this.path) return;
    this.path = path;
    this.report = null;
    this.statements = 0;
    this.stores = [];
    this.pull = null;
    this.message = null;
    if (path) void this.refresh();
  }

  async refresh() {
    const path = this.path;
    const r = await app.call<ResultsAnswer>({ cmd: 'results' }, { quiet: true, silent: true });
    if (!r || !app.snap || app.snap.path !== path) return;
    this.report = r.report;
    this.statements = r.statements;
    this.stores = r.stores;
  }

  /** Starts reading from a record store and follows it until it ends. */
  async startPull(address: string, key: string, secret: string, since: string, remember = false) {
    this.message = null;
    try {
      const cmd = {
        cmd: 'results_pull' as const,
        address,
        ...(key ? { key } : {}),
        ...(secret ? { secret } : {}),
        ...(since ? { since } : {}),
        ...(remember ? { remember } : {}),
      };
      this.pull = (await app.call<ResultsPullStatus>(cmd, { quiet: true, silent: true, rethrow: true })) ?? null;
    } catch (err) {
      this.message = { ok: false, text: toApiError(err).message, problems: [] };
      return;
    }
    const path = this.path;
    while (this.pull?.running && this.path === path) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      const s = await app.call<ResultsPullStatus>({ cmd: 'results_pull_status' }, { quiet: true, silent: true });
      if (!s || this.path !== path) return;
      this.pull = s;
    }
    await this.refresh();
  }

  /** Stores the statements of a file: by path (desktop) or its bytes (browser). */
  async importFile(source: { path: string } | { data_base64: string }) {
    this.message = null;
    this.importing = true;
    try {
      const r = await app.call<ResultsImported>({ cmd: 'import_results', ...source }, { quiet: true, silent: true, rethrow: true });
      if (r) this.message = { ok: true, text: r.summary, problems: r.problems };
      await this.refresh();
    } catch (err) {
      this.message = { ok: false, text: toApiError(err).message, problems: [] };
    } finally {
      this.importing = false;
    }
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
