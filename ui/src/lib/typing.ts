// Runs of typing. A text field commits what is typed after COMMIT_DELAY ms
// without a keystroke, so the preview follows the typing closely; each commit
// names the field's current run, and the course file keeps the commits of
// one run as one undo step (`apply` with `run`, `CourseFile::apply_in_run`).
// A run ends when the field loses the focus, or when RUN_PAUSE ms pass
// between two of its commits.

/** Quiet time after a keystroke before a field commits. */
export const COMMIT_DELAY = 120;
/** A longer gap between two commits of one field starts a new undo step. */
const RUN_PAUSE = 1500;

let seq = 0;
let committing: string | undefined;

/** The run of one field. */
export class TypingRun {
  private key: string | undefined;
  private last = 0;
  constructor(private readonly field: string) {}

  /** Calls `commit` as part of this run (a new one after a pause). */
  commit(commit: () => void) {
    const now = performance.now();
    if (!this.key || now - this.last > RUN_PAUSE) this.key = `${this.field}:${++seq}`;
    this.last = now;
    committing = this.key;
    try {
      commit();
    } finally {
      committing = undefined;
    }
  }

  /** Ends the run: the next commit is a new undo step. */
  end() {
    this.key = undefined;
  }
}

/** The run a commit being made now belongs to, if any. */
export function currentRun(): string | undefined {
  return committing;
}
