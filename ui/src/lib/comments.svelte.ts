// SME review comments on the author's side: the open course's comments (kept
// apart from the course: they are not edits), importing `.trellis-review`
// files, replying, resolving, reopening. See docs/app-api.md, "SME review
// comments".
//
// The list follows the snapshot: it is fetched again when `comments_revision`
// differs from the one it was fetched at, when another course opens, and
// (because a comment's anchor says whether its block has changed since) a
// moment after the course itself changes, when there are comments at all.
import { untrack } from 'svelte';
import { app } from './app.svelte';
import { kindLabel } from './catalog';
import { isTauri, toApiError } from './transport';
import type { Block, LessonEntry, ReviewComment, ReviewImport } from './types';

const AUTHOR_KEY = 'trellis-review-author';
export const REVIEW_EXTENSION = '.trellis-review';

export type StatusFilter = 'open' | 'resolved' | 'all';

/** What one import of a file did, as shown in the Review view. */
export interface ImportResult {
  file: string;
  ok: boolean;
  text: string;
}

function readAuthor(): string {
  try {
    return localStorage.getItem(AUTHOR_KEY) ?? '';
  } catch {
    return '';
  }
}

function toBase64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Whether a dropped or chosen file is a review file (by its name). */
export function isReviewFile(f: { name: string }): boolean {
  return f.name.toLowerCase().endsWith(REVIEW_EXTENSION);
}

/** "Added 3 comments from Dana (1 already imported)". */
export function importMessage(r: ReviewImport): string {
  const n = r.added;
  const head = n === 0 ? `No new comments from ${r.reviewer}` : `Added ${n} ${n === 1 ? 'comment' : 'comments'} from ${r.reviewer}`;
  return r.skipped ? `${head} (${r.skipped} already imported)` : head;
}

const PART_LABELS: Record<string, string> = {
  prompt: 'prompt',
  'correct-feedback': 'feedback for a right answer',
  'incorrect-feedback': 'feedback for a wrong answer',
  'true-feedback': 'feedback on “True”',
  'false-feedback': 'feedback on “False”',
  hint: 'hint',
  text: 'text',
  title: 'title',
  caption: 'caption',
  alt: 'alternative text',
  transcript: 'transcript',
  choice: 'choice',
  'choice-feedback': 'feedback on the choice',
  node: 'scenario step',
  ending: 'ending',
  'scenario-choice': 'scenario choice',
  consequence: 'consequence',
  item: 'item',
};

/** The editor field (data-field) that holds a part's text, where there is one. */
function fieldOfPart(part: string | undefined, block: Block | undefined): string | undefined {
  switch (part) {
    case 'prompt':
    case 'hint':
    case 'caption':
    case 'alt':
    case 'transcript':
    case 'title':
    case 'consequence':
      return part;
    case 'choice-feedback':
      return 'feedback';
    case 'node':
      return 'narrative';
    case 'text':
      return block?.content.kind === 'heading' ? 'text' : 'markdown';
    default:
      return undefined;
  }
}

/** The words of an item inside a block (a choice's text, a panel's title…). */
function itemText(block: Block, id: string): string | undefined {
  let found: Record<string, unknown> | undefined;
  const walk = (v: unknown) => {
    if (found || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    const o = v as Record<string, unknown>;
    if (o.id === id) {
      found = o;
      return;
    }
    Object.values(o).forEach(walk);
  };
  walk(block.content);
  if (!found) return undefined;
  for (const k of ['text', 'title', 'label', 'front', 'left', 'narrative']) {
    const t = found[k];
    if (typeof t === 'string' && t.trim()) {
      const one = t.trim().replace(/\s+/g, ' ');
      return one.length > 48 ? `${one.slice(0, 47)}…` : one;
    }
  }
  return undefined;
}

class CommentsState {
  list = $state<ReviewComment[]>([]);
  /** The author's name for replies, remembered in this browser. */
  author = $state(readAuthor());
  /** The latest imports, newest first, for the Review view. */
  results = $state<ImportResult[]>([]);
  /** The Review view's filters (kept while other views are shown). */
  reviewer = $state('');
  status = $state<StatusFilter>('open');
  lesson = $state('');
  /** A comment to show expanded where it is pinned (after "Go to"). */
  reveal = $state<{ id: string; seq: number } | null>(null);

  /** comments_revision, course path and course revision of `list`. */
  private drawn = -1;
  private path: string | null = null;
  private atRevision = -1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private revealSeq = 0;

  openCount = $derived(this.list.reduce((n, c) => n + (c.status === 'open' ? 1 : 0), 0));

  /** Open comments pinned to each block that still exists. */
  byBlock = $derived.by(() => {
    const map = new Map<string, ReviewComment[]>();
    for (const c of this.list) {
      if (c.status !== 'open' || !c.target.block || c.anchor === 'block-deleted' || c.anchor === 'lesson-deleted') continue;
      const l = map.get(c.target.block) ?? [];
      l.push(c);
      map.set(c.target.block, l);
    }
    return map;
  });

  forBlock(id: string): ReviewComment[] {
    return this.byBlock.get(id) ?? [];
  }

  /** Open comments on a lesson as a whole, and on its blocks deleted since. */
  forLesson(id: string): ReviewComment[] {
    return this.list.filter((c) => c.status === 'open' && c.target.lesson === id && (!c.target.block || c.anchor === 'block-deleted'));
  }

  /** The lesson a comment stands in now (a block may have moved), if any. */
  lessonOf(c: ReviewComment): LessonEntry | null {
    if (c.target.block) {
      const found = app.findBlock(c.target.block);
      if (found) return found.lesson;
    }
    return app.findEntry(c.target.lesson);
  }

  /** Where the comment is, in words: "Lesson › Question · Single choice › choice “…”". */
  describe(c: ReviewComment): { lesson: string; block?: string; part?: string } {
    const lesson = this.lessonOf(c);
    const out: { lesson: string; block?: string; part?: string } = { lesson: lesson ? lesson.title : 'A deleted lesson' };
    if (!c.target.block) return out;
    const found = app.findBlock(c.target.block);
    out.block = found ? kindLabel(found.block.content) : c.anchor === 'block-deleted' ? 'A deleted block' : 'A block';
    const part = c.target.part ? (PART_LABELS[c.target.part] ?? c.target.part) : c.target.item ? 'item' : undefined;
    if (part) {
      const words = found && c.target.item ? itemText(found.block, c.target.item) : undefined;
      out.part = words ? `${part} “${words}”` : part;
    }
    return out;
  }

  /** The place to show for a comment (app.goTo), or null when it has none left. */
  placeOf(c: ReviewComment): { lesson: string; block?: string; item?: string; field?: string } | null {
    const found = c.target.block ? app.findBlock(c.target.block) : null;
    if (found) {
      const field = c.target.item && c.target.part !== 'choice-feedback' ? undefined : fieldOfPart(c.target.part ?? undefined, found.block);
      return { lesson: found.lesson.id, block: found.block.id, item: c.target.item ?? undefined, field };
    }
    if (app.findEntry(c.target.lesson)) return { lesson: c.target.lesson, field: 'lesson-title' };
    return null;
  }

  /** Shows a comment's place in the lesson editor, with the comment unfolded there. */
  goTo(c: ReviewComment) {
    const place = this.placeOf(c);
    if (!place) return;
    this.reveal = { id: c.id, seq: ++this.revealSeq };
    app.goTo(place);
  }

  /** Follows the snapshot (see the top of this file). */
  sync(s: { path: string; revision: number; comments_revision: number } | null) {
    if (!s) {
      clearTimeout(this.timer);
      this.list = [];
      this.path = null;
      this.drawn = -1;
      return;
    }
    if (s.path !== this.path) {
      this.list = [];
      this.results = [];
      this.reviewer = '';
      this.lesson = '';
      void this.refresh();
    } else if (s.comments_revision !== this.drawn) {
      void this.refresh();
    } else if (s.revision !== this.atRevision && this.list.length) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.refresh(), 200);
    }
  }

  async refresh() {
    clearTimeout(this.timer);
    const path = app.snap?.path ?? null;
    // Marked as fetched first, so that the same snapshot does not ask twice.
    this.path = path;
    if (app.snap) this.drawn = app.snap.comments_revision;
    const r = await app.call<{ comments_revision: number; comments: ReviewComment[] }>({ cmd: 'comments' }, { quiet: true, silent: true });
    if (!r || !app.snap || app.snap.path !== path) return;
    this.list = r.comments;
    this.drawn = r.comments_revision;
    this.atRevision = app.snap.revision;
    // Their places are described from the lessons' blocks: fetch the lessons
    // the editor has only as outlines.
    void app.load([...new Set(r.comments.map((c) => c.target.lesson))]);
  }

  /** Takes in the comments_revision a comment command returned. */
  private moved(rev: number) {
    this.drawn = rev;
    if (app.snap && app.snap.comments_revision !== rev) app.snap.comments_revision = rev;
  }

  private replace(c: ReviewComment) {
    const i = this.list.findIndex((x) => x.id === c.id);
    if (i >= 0) this.list[i] = c;
  }

  private async change(
    cmd: { cmd: 'reply_comment'; id: string; author: string; text: string } | { cmd: 'resolve_comment' | 'reopen_comment'; id: string },
  ) {
    const r = await app.call<{ comment: ReviewComment; comments_revision: number }>(cmd);
    if (!r) return false;
    this.replace(r.comment);
    this.moved(r.comments_revision);
    return true;
  }

  async reply(id: string, author: string, text: string): Promise<boolean> {
    const name = author.trim();
    if (name !== this.author || name !== readAuthor()) {
      this.author = name;
      try {
        localStorage.setItem(AUTHOR_KEY, name);
      } catch {
        /* not kept */
      }
    }
    return this.change({ cmd: 'reply_comment', id, author: name, text });
  }

  resolve(id: string) {
    return this.change({ cmd: 'resolve_comment', id });
  }

  reopen(id: string) {
    return this.change({ cmd: 'reopen_comment', id });
  }

  /** Imports one review file, given by its bytes (browser) or its path (desktop). */
  private async importOne(file: string, source: { data_base64: string } | { path: string }): Promise<ImportResult> {
    let result: ImportResult;
    try {
      const r = await app.call<ReviewImport>({ cmd: 'import_review', ...source }, { rethrow: true, silent: true });
      if (!r) throw { code: 'internal', message: 'The review file was not imported.' };
      this.moved(r.comments_revision);
      await this.refresh();
      result = { file, ok: true, text: importMessage(r) };
      app.notify(`${result.text}.`);
    } catch (err) {
      const e = toApiError(err);
      app.status = 'Not imported';
      result = { file, ok: false, text: e.message };
      app.notify(`${file}: ${e.message}`, 'error');
    }
    this.results = [result, ...this.results].slice(0, 4);
    return result;
  }

  /** Whether a dropped file was just taken in by the other way drops arrive
   *  (the page's drop event, or the desktop window's), so one drop that
   *  both report is imported once. */
  private droppedTwice(name: string, drop: boolean): boolean {
    if (!drop) return false;
    const now = Date.now();
    const seen = this.drops.get(name);
    this.drops.set(name, now);
    return seen !== undefined && now - seen < 3000;
  }
  private drops = new Map<string, number>();

  /** Imports review files chosen or dropped in the browser (sent as base64). */
  async importFiles(files: FileList | File[] | null, drop = false): Promise<ImportResult[]> {
    const out: ImportResult[] = [];
    for (const f of Array.from(files ?? [])) {
      if (this.droppedTwice(f.name, drop)) continue;
      out.push(await this.importOne(f.name, { data_base64: toBase64(await f.arrayBuffer()) }));
    }
    return out;
  }

  /** Imports review files by path (the desktop app's dialog, or a drop on its window). */
  async importPaths(paths: string[], drop = false): Promise<ImportResult[]> {
    const out: ImportResult[] = [];
    for (const p of paths) {
      const name = p.split(/[\\/]/).pop() ?? p;
      if (this.droppedTwice(name, drop)) continue;
      out.push(await this.importOne(name, { path: p }));
    }
    return out;
  }

  /** "Import review file…": the system dialog in the desktop app; in the
   *  browser, the file chooser. Shows the Review view, where the results
   *  are listed. */
  async chooseAndImport() {
    app.view = 'review';
    if (isTauri()) {
      const { pickReviewPaths } = await import('./dialogs');
      const paths = await pickReviewPaths();
      if (paths.length) await this.importPaths(paths);
      return;
    }
    // Opened here, synchronously, while the key press or click that asked
    // for it still counts as the user's gesture: browsers open a file
    // chooser only then.
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.accept = `${REVIEW_EXTENSION},application/json`;
    input.addEventListener('change', () => void this.importFiles(input.files), { once: true });
    input.click();
  }
}

export const comments = new CommentsState();

/**
 * The desktop app: the window takes file drops itself (Tauri's drag and
 * drop, with paths) rather than passing them to the page, so review files
 * dropped there are imported from that event, by path.
 */
export async function listenForDroppedReviews() {
  if (!isTauri()) return;
  const { getCurrentWebview } = await import('@tauri-apps/api/webview');
  await getCurrentWebview().onDragDropEvent((e) => {
    if (e.payload.type !== 'drop' || !app.snap) return;
    const paths = e.payload.paths.filter((p) => isReviewFile({ name: p }));
    if (paths.length) void comments.importPaths(paths, true);
  });
}

// Refetch when the snapshot says the comments (or the course) moved on.
$effect.root(() => {
  $effect(() => {
    const s = app.snap;
    const key = s ? { path: s.path, revision: s.revision, comments_revision: s.comments_revision } : null;
    untrack(() => comments.sync(key));
  });
});
