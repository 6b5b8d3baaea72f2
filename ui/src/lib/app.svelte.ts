// The editor's state: the open course (the last Snapshot, kept current by the
// deltas that changes return), the selection, the design-check report,
// notices. Every change goes through `call`, which serialises commands so
// that edits built from the latest course never race.
import { applyChanges } from './delta';
import { currentRun } from './typing';
import { chooseTransport, toApiError, type Transport } from './transport';
import {
  EDITS_COURSE,
  isWhole,
  type ApiError,
  type Block,
  type Command,
  type CommandName,
  type Request,
  type Delta,
  type Edit,
  type Finding,
  type Lesson,
  type ImportReport,
  type LessonEntry,
  type Module,
  type Report,
  type Snapshot,
} from './types';

export type View =
  'lesson' | 'objectives' | 'assets' | 'theme' | 'check' | 'publish' | 'course' | 'review' | 'languages' | 'results' | 'job-aid';

/** A button on a notice, e.g. "Show in folder". */
export interface NoticeAction {
  label: string;
  run: () => void;
}

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
  action?: NoticeAction;
}

/**
 * A place to show and focus: a block, an item inside it, or a named field.
 * `card` focuses the block itself rather than a field in it (after undo,
 * so that the next Ctrl+Z is the course's, not a text field's); `rule`
 * is the design-check rule of a finding gone to.
 */
export interface FocusRequest {
  lesson?: string;
  block?: string;
  item?: string;
  field?: string;
  card?: boolean;
  rule?: string;
  seq: number;
}

/** Where an undone or redone change was (crates/trellis-app delta::Place). */
export interface Place {
  view: 'lesson' | 'outline' | 'objectives' | 'assets' | 'theme' | 'course';
  lesson?: string;
  block?: string;
  module?: string;
}

let noticeSeq = 0;
let focusSeq = 0;

export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function isSnapshot(v: unknown): v is Snapshot {
  return !!v && typeof v === 'object' && 'revision' in v && 'course' in v;
}

function isDelta(v: unknown): v is Delta {
  return !!v && typeof v === 'object' && 'revision' in v && 'base' in v && 'changes' in v;
}

/**
 * The prototype given to lessons, whole or as outlines: Object's, one step
 * removed, so they work as plain objects everywhere, but Svelte keeps them as
 * they are instead of making each one, and every block, choice and question
 * in it, a reactive proxy. Lessons are never changed in place: an edit sends
 * a changed copy to the core, and its delta replaces the lesson whole
 * (delta.ts) in the module's lesson array, which stays reactive. On the large
 * course this is ~14,000 proxies fewer at the start and a few hundred fewer
 * made and thrown away on each edit (docs/performance.md, "Desktop app").
 */
const LESSON: object = Object.create(Object.prototype);

/** Gives lessons the LESSON prototype, and freezes them so that a change in place throws. */
function keepPlain(lessons: LessonEntry[]) {
  for (const l of lessons) {
    Object.setPrototypeOf(l, LESSON);
    deepFreeze(l);
  }
}

function deepFreeze(v: unknown) {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const x of Object.values(v)) deepFreeze(x);
}

class AppState {
  transport: Transport = chooseTransport();
  snap = $state<Snapshot | null>(null);
  /** The design check: the whole report while the Check view is open, else
   *  the findings of the lesson being edited and the course-level ones
   *  (on the large course the whole report is 15,000 findings, 7.6 MB). */
  report = $state.raw<Report | null>(null);
  /** The report of the document just imported, shown until closed. */
  importReport = $state.raw<ImportReport | null>(null);
  view = $state<View>('lesson');
  lessonId = $state<string | null>(null);
  notices = $state<Notice[]>([]);
  status = $state('');
  pending = $state(0);
  focus = $state<FocusRequest | null>(null);
  paletteOpen = $state(false);
  blockMenu = $state<{ lesson: string; index: number } | null>(null);
  /** The block being dragged in the lesson editor. */
  dragBlock = $state<{ id: string; lesson: string } | null>(null);
  /** The block the author is working in (focus inside its card): the preview scrolls to it. */
  editingBlock = $state<{ lesson: string; block: string } | null>(null);
  lastEditAt = 0;
  /** When the last change was sent to the core (for the edit-to-preview time). */
  lastSentAt = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private checkTimer: ReturnType<typeof setTimeout> | undefined;

  get course() {
    return this.snap?.course ?? null;
  }

  /** The entry of the lesson being edited: found once per change, not on every read. */
  private entry = $derived(this.lessonId ? this.findEntry(this.lessonId) : null);

  /** The lesson being edited, once its blocks are here (see `load`). */
  get lesson(): Lesson | null {
    return this.entry && isWhole(this.entry) ? this.entry : null;
  }

  /** The lesson being edited is still being fetched. */
  get lessonLoading(): boolean {
    return !!this.entry && !isWhole(this.entry);
  }

  /** The report's findings by block, worked out once per report. */
  findingsByBlock = $derived.by(() => {
    const map = new Map<string, Finding[]>();
    for (const f of this.report?.findings ?? []) {
      if (!f.location.block) continue;
      const list = map.get(f.location.block) ?? [];
      list.push(f);
      map.set(f.location.block, list);
    }
    return map;
  });

  moduleOf(lessonId: string): Module | undefined {
    return this.course?.modules.find((m) => m.lessons.some((l) => l.id === lessonId));
  }

  /** A lesson, whole or as its outline. */
  findEntry(id: string): LessonEntry | null {
    for (const m of this.course?.modules ?? []) {
      const l = m.lessons.find((x) => x.id === id);
      if (l) return l;
    }
    return null;
  }

  /** The latest version of a lesson whose blocks are here (edits are built
   *  when they are sent, after earlier edits have come back, so they never
   *  undo one another). */
  findLesson(id: string): Lesson | null {
    const l = this.findEntry(id);
    return l && isWhole(l) ? l : null;
  }

  /** A block of the lessons whose blocks are here. */
  findBlock(id: string): { block: Block; lesson: Lesson; index: number } | null {
    for (const m of this.course?.modules ?? [])
      for (const l of m.lessons) {
        if (!isWhole(l)) continue;
        const index = l.blocks.findIndex((b) => b.id === id);
        if (index >= 0) return { block: l.blocks[index], lesson: l, index };
      }
    return null;
  }

  /**
   * Fetches the blocks of the lessons `ids` that are only outlines here
   * (snapshots carry one lesson whole; see crates/trellis-app/src/outline.rs).
   * Queued like every command, so a lesson fetched never overwrites a newer
   * one from a delta.
   */
  load(ids: string[]): Promise<unknown> {
    return this.call<Lesson[]>(
      () => {
        const want = ids.filter((id) => {
          const l = this.findEntry(id);
          return l && !isWhole(l);
        });
        return want.length ? { cmd: 'lessons', ids: want } : null;
      },
      { quiet: true },
    ).then((lessons) => {
      keepPlain(lessons ?? []);
      for (const lesson of lessons ?? [])
        for (const m of this.course?.modules ?? []) {
          const i = m.lessons.findIndex((x) => x.id === lesson.id);
          if (i >= 0 && !isWhole(m.lessons[i])) m.lessons[i] = lesson;
        }
    });
  }

  notify(text: string, kind: Notice['kind'] = 'info', action?: NoticeAction) {
    const id = ++noticeSeq;
    this.notices.push({ id, kind, text, action });
    if (kind === 'info') setTimeout(() => this.dismiss(id), action ? 12000 : 5000);
  }

  dismiss(id: number) {
    this.notices = this.notices.filter((n) => n.id !== id);
  }

  showError(e: ApiError) {
    const hint: Record<string, string> = {
      not_open: 'Open or create a course first.',
      locked: 'Close the other window that has this course open, then try again.',
      newer_version: 'Update Trellis to open this course.',
      not_a_course: 'Choose a .trellis file or a course folder.',
    };
    const more = hint[e.code];
    this.notify(more && !e.message.includes(more) ? `${e.message} ${more}` : e.message, 'error');
  }

  /**
   * Sends a command after the ones already queued. `command` may be a function
   * so that an edit is built from the snapshot current when it is sent; it may
   * return null to send nothing. Errors are shown to the author and resolve to
   * undefined (or are rethrown with `rethrow`).
   */
  call<T = unknown>(
    command: Request | (() => Request | null),
    opts: { rethrow?: boolean; quiet?: boolean; silent?: boolean } = {},
  ): Promise<T | undefined> {
    const run = async (): Promise<T | undefined> => {
      const cmd = typeof command === 'function' ? command() : command;
      if (!cmd) return undefined;
      this.pending++;
      if (!opts.quiet) this.status = 'Saving…';
      if (EDITS_COURSE.has(cmd.cmd as CommandName)) this.lastSentAt = performance.now();
      try {
        const result = await this.transport.call<T>(cmd);
        if (isSnapshot(result)) this.adopt(result);
        else if (isDelta(result)) await this.adoptDelta(result);
        if (!opts.quiet) this.status = 'Saved';
        return result;
      } catch (err) {
        const e = toApiError(err);
        if (!opts.silent) {
          if (!opts.quiet) this.status = 'Not saved';
          this.showError(e);
        }
        if (opts.rethrow) throw e;
        return undefined;
      } finally {
        this.pending--;
      }
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  adopt(s: Snapshot) {
    if (!this.snap) performance.mark('trellis:snapshot');
    const changed = !this.snap || this.snap.revision !== s.revision || this.snap.path !== s.path;
    const opened = !this.snap || this.snap.path !== s.path;
    for (const m of s.course.modules) keepPlain(m.lessons);
    this.snap = s;
    this.afterChange(changed, opened);
  }

  private afterChange(changed: boolean, opened: boolean) {
    const course = this.snap?.course;
    if (course && (opened || !this.lessonId || !this.findEntry(this.lessonId))) {
      const first = course.modules.flatMap((m) => m.lessons)[0];
      this.lessonId = first?.id ?? null;
    }
    // A whole snapshot carries one lesson whole: fetch the one being edited.
    if (this.lessonLoading) void this.load([this.lessonId!]);
    if (changed) {
      this.lastEditAt = performance.now();
      this.scheduleCheck();
    }
  }

  /**
   * Takes in a command's delta: patches the course in place and copies the
   * other fields (revision, history, check counts…). A delta from another
   * revision than the one held (a change made elsewhere came between) is
   * caught up with `changes`; one that does not fit, with the snapshot.
   */
  async adoptDelta(d: Delta) {
    const snap = this.snap;
    if (!snap || snap.path !== d.path) return this.catchUp(null);
    if (d.revision <= snap.revision && d.base !== snap.revision) return;
    if (d.base !== snap.revision) return this.catchUp(snap.revision);
    keepPlain(d.changes.lessons ?? []);
    if (!applyChanges(snap.course, d.changes)) return this.catchUp(null);
    const changed = d.revision !== snap.revision;
    for (const [k, v] of Object.entries(d)) {
      if (k === 'base' || k === 'changes' || k === 'place') continue;
      if ((snap as unknown as Record<string, unknown>)[k] !== v) (snap as unknown as Record<string, unknown>)[k] = v;
    }
    this.afterChange(changed, false);
  }

  /** The snapshot, with the lesson being edited whole. */
  snapshotCommand(): Command {
    return this.lessonId ? { cmd: 'snapshot', lesson: this.lessonId } : { cmd: 'snapshot' };
  }

  /** Brings the course up to date: from revision `from` by `changes`, or whole. */
  private async catchUp(from: number | null) {
    const r = await this.transport.call<Snapshot | Delta>(from === null ? this.snapshotCommand() : { cmd: 'changes', from });
    if (isSnapshot(r)) this.adopt(r);
    else if (isDelta(r) && this.snap && r.base === this.snap.revision) await this.adoptDelta(r);
    else if (isDelta(r)) await this.catchUp(null);
  }

  scheduleCheck() {
    clearTimeout(this.checkTimer);
    this.checkTimer = setTimeout(() => void this.refreshCheck(), 150);
  }

  async refreshCheck() {
    if (!this.snap) return;
    const lesson = this.view !== 'check' ? this.lessonId : null;
    const r = await this.call<Report>(lesson ? { cmd: 'check', lesson } : { cmd: 'check' }, { quiet: true });
    if (r) {
      this.report = r;
      // The counts are the whole course's; a translation changed by hand leaves the revision, and so the snapshot's counts, as they were.
      if (this.snap) this.snap.check = r.counts;
    }
  }

  /**
   * Sends an edit; made while a text field commits, it joins that field's typing run.
   * A function is called when the edit's turn comes, after the event that
   * asked for it is over (its `currentTarget` is null by then): read what the
   * control holds in the handler, and pass the value in.
   */
  apply(edit: Edit | (() => Edit | null)) {
    const run = currentRun();
    return this.call<Delta>(() => {
      const e = typeof edit === 'function' ? edit() : edit;
      if (!e) return null;
      return run ? { cmd: 'apply', edit: e, run } : { cmd: 'apply', edit: e };
    });
  }

  /** Replaces a block with a changed copy of its latest version. */
  updateBlock(id: string, mutate: (b: Block) => void) {
    return this.apply(() => {
      const found = this.findBlock(id);
      if (!found) return null;
      const b = clone(found.block);
      mutate(b);
      if (JSON.stringify(b) === JSON.stringify(found.block)) return null;
      return { op: 'update-block', block: b };
    });
  }

  undo() {
    if (this.snap?.can_undo) return this.call<Delta & { place?: Place }>({ cmd: 'undo' }).then((r) => this.showPlace(r?.place));
  }

  redo() {
    if (this.snap?.can_redo) return this.call<Delta & { place?: Place }>({ cmd: 'redo' }).then((r) => this.showPlace(r?.place));
  }

  /**
   * Takes the author to where an undone or redone change was: the block
   * (shown and focused, as a whole), the lesson, or the view. Focus never
   * goes into a text field, so Ctrl+Z keeps undoing the course.
   */
  showPlace(place: Place | undefined) {
    if (!place) return;
    if (place.view === 'lesson' && place.lesson) {
      this.selectLesson(place.lesson);
      this.focus = { lesson: place.lesson, block: place.block, card: true, field: place.block ? undefined : 'lesson', seq: ++focusSeq };
    } else if (place.view === 'outline') {
      if (place.module) this.focus = { field: `tree-${place.module}`, seq: ++focusSeq };
    } else {
      this.view = place.view;
      this.focus = { field: 'view', seq: ++focusSeq };
    }
  }

  /** Opens a lesson in the editor (fetching its blocks when needed). */
  selectLesson(id: string) {
    this.lessonId = id;
    this.view = 'lesson';
    if (this.lessonLoading) void this.load([id]);
  }

  /** Shows a place in the course and focuses the field to fix there. */
  goTo(
    f:
      | Finding
      | {
          lesson?: string;
          block?: string;
          item?: string;
          field?: string;
          objective?: string;
          asset?: string;
          module?: string;
          language?: string;
        },
  ) {
    const loc = 'location' in f ? f.location : f;
    const rule = 'rule' in f ? f.rule : undefined;
    if (loc.language) {
      // A finding about a translation: the Languages view, that language, its texts still to do.
      this.view = 'languages';
      this.focus = { field: `language:${loc.language}`, seq: ++focusSeq };
      return;
    }
    let lesson = loc.lesson;
    if (loc.block && !lesson) lesson = this.findBlock(loc.block)?.lesson.id;
    if (lesson) {
      this.selectLesson(lesson);
      let field = ('field' in loc ? loc.field : undefined) ?? fieldForRule(rule);
      // A finding about the lesson itself: its title, or its place in the lesson's header.
      if (!loc.block) field = field === 'title' ? 'lesson-title' : 'lesson';
      this.focus = { lesson, block: loc.block, item: loc.item, field, rule, seq: ++focusSeq };
    } else if (loc.module) {
      this.focus = { field: `tree-${loc.module}`, seq: ++focusSeq };
    } else if (loc.objective) {
      this.view = 'objectives';
      this.focus = { field: `objective-${loc.objective}`, seq: ++focusSeq };
    } else if (loc.asset) {
      this.view = 'assets';
    } else if (rule && /contrast|theme|logo/.test(rule)) {
      this.view = 'theme';
    } else {
      this.view = 'course';
      if (loc.field) this.focus = { field: loc.field, seq: ++focusSeq };
    }
  }

  /** Closes the open course and shows the start screen. */
  async close() {
    // The editor lets the course go first, so that nothing of it (the
    // preview, a design check due) asks the core about a closed course.
    const open = !!this.snap;
    this.snap = null;
    clearTimeout(this.checkTimer);
    if (open) await this.call({ cmd: 'close' }, { quiet: true, silent: true });
    this.report = null;
    this.lessonId = null;
    this.view = 'lesson';
  }

  /**
   * Follows changes made elsewhere (another window, the CLI): server-sent
   * `revision` events in browser mode, `trellis://revision` in the desktop
   * app; and the desktop menu (`trellis://menu`).
   */
  async listen(onMenu: (id: string) => void) {
    // One catch-up at a time is queued behind the calls already sent, and
    // built when its turn comes, against the newest revision announced: an
    // edit's own revision is then already here, a change made elsewhere
    // while a read (a check, a lesson fetch) was on its way is caught up
    // with, not dropped, and a burst of revisions costs one call, not one
    // each.
    let announced = -1;
    let queued = false;
    const onRevision = (rev: number) => {
      announced = rev;
      if (queued) return;
      queued = true;
      void this.call(
        () => {
          queued = false;
          // A course opened while the window started (desktop), or elsewhere.
          if (!this.snap) return { ...this.snapshotCommand(), if_open: true };
          return announced !== this.snap.revision ? { cmd: 'changes', from: this.snap.revision } : null;
        },
        { quiet: true, silent: true },
      );
    };
    if (this.transport.kind === 'http') {
      if (typeof EventSource === 'undefined') return;
      await this.transport.ready;
      const es = new EventSource('/events');
      es.addEventListener('revision', (e) => {
        try {
          onRevision(JSON.parse((e as MessageEvent).data).revision);
        } catch {
          /* ignore */
        }
      });
    } else {
      const { listen } = await import('@tauri-apps/api/event');
      await listen<{ revision: number }>('trellis://revision', (e) => onRevision(e.payload.revision));
      await listen<string | { id: string }>('trellis://menu', (e) => onMenu(typeof e.payload === 'string' ? e.payload : e.payload.id));
    }
  }

  requestFocus(r: Omit<FocusRequest, 'seq'>) {
    this.focus = { ...r, seq: ++focusSeq };
  }
}

/** The field a finding of a rule is about, when the rule says. */
function fieldForRule(rule?: string): string | undefined {
  if (!rule) return undefined;
  if (rule.includes('alt')) return 'alt';
  if (rule.includes('feedback')) return 'feedback';
  if (rule.includes('caption') || rule.includes('transcript')) return 'transcript';
  if (rule.includes('objective')) return 'objectives';
  if (rule.includes('title')) return 'title';
  return undefined;
}

export const app = new AppState();
