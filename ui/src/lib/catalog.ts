// Names the UI shows for block kinds and question types; the lesson
// templates and their slots, as the core gives them.
import { isWhole, type Block, type BlockContent, type Lesson, type LessonEntry, type QuestionType, type TemplateKind } from './types';

export const BLOCK_KINDS: { kind: string; label: string; hint: string; question_type?: string }[] = [
  { kind: 'text', label: 'Text', hint: 'Paragraphs, lists and links' },
  { kind: 'heading', label: 'Heading', hint: 'A section title' },
  { kind: 'image', label: 'Image', hint: 'A picture with alt text' },
  { kind: 'video', label: 'Video', hint: 'With captions and transcript' },
  { kind: 'audio', label: 'Audio', hint: 'With a transcript' },
  { kind: 'callout', label: 'Callout', hint: 'Note, tip or warning box' },
  { kind: 'quote', label: 'Quote', hint: 'A quotation with attribution' },
  { kind: 'accordion', label: 'Accordion', hint: 'Panels that open one by one' },
  { kind: 'tabs', label: 'Tabs', hint: 'Content in tabs' },
  { kind: 'flashcards', label: 'Flashcards', hint: 'Cards that flip' },
  { kind: 'process', label: 'Process', hint: 'Numbered steps' },
  { kind: 'columns', label: 'Text columns', hint: 'Two to four columns side by side' },
  { kind: 'labelled-graphic', label: 'Labelled graphic', hint: 'An image with markers' },
  { kind: 'divider', label: 'Divider', hint: 'A line between sections' },
  { kind: 'question', question_type: 'single-choice', label: 'Question: single choice', hint: 'One right answer' },
  { kind: 'question', question_type: 'multiple-response', label: 'Question: multiple response', hint: 'Several right answers' },
  { kind: 'question', question_type: 'true-false', label: 'Question: true or false', hint: 'A statement to judge' },
  { kind: 'question', question_type: 'fill-blank', label: 'Question: fill in the blank', hint: 'Typed answer' },
  { kind: 'question', question_type: 'matching', label: 'Question: matching', hint: 'Pairs to match' },
  { kind: 'question', question_type: 'ordering', label: 'Question: ordering', hint: 'Put items in order' },
  { kind: 'question', question_type: 'numeric', label: 'Question: numeric', hint: 'A number, with tolerance' },
  { kind: 'scenario', label: 'Scenario', hint: 'Branching decisions' },
];

/** Every question type's name; typed by the model's question types, so a
 *  new type fails to compile until it has one. */
export const QUESTION_TYPES: Record<QuestionType, string> = {
  'single-choice': 'Single choice',
  'multiple-response': 'Multiple response',
  'true-false': 'True or false',
  'fill-blank': 'Fill in the blank',
  matching: 'Matching',
  ordering: 'Ordering',
  numeric: 'Numeric',
};

export function kindLabel(c: BlockContent): string {
  return labelOf(c.kind, c.kind === 'question' ? c.answer.type : undefined);
}

/** "Question · Single choice", "Scenario", "Text": a block kind in words. */
function labelOf(kind: string, questionType?: string): string {
  if (kind === 'question') return `Question · ${(QUESTION_TYPES as Record<string, string>)[questionType ?? ''] ?? questionType}`;
  return BLOCK_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

export type Accepts = 'content' | 'question' | 'scenario';
export interface SlotDef {
  name: string;
  label: string;
  required: boolean;
  accepts: Accepts;
  guidance: string;
}
export interface TemplateDef {
  kind: TemplateKind;
  name: string;
  description: string;
  slots: SlotDef[];
}

const KINDS: TemplateKind[] = ['concept', 'procedure', 'scenario', 'assessment', 'free'];

/**
 * The lesson templates and their slots, as the core defines them
 * (crates/trellis-model/src/template.rs), read once with the `templates`
 * command before the editor starts (see `loadTemplates`).
 */
export const TEMPLATES = {} as Record<TemplateKind, TemplateDef>;

/**
 * Fills `TEMPLATES` from the core. When the core cannot be asked, each
 * kind gets its name and no slots (and the error is rethrown for the
 * caller to show), so the editor still opens.
 */
export async function loadTemplates(call: (c: { cmd: 'templates' }) => Promise<TemplateDef[]>): Promise<void> {
  try {
    for (const t of await call({ cmd: 'templates' })) TEMPLATES[t.kind] = t;
  } finally {
    for (const kind of KINDS) TEMPLATES[kind] ??= { kind, name: kind[0].toUpperCase() + kind.slice(1), description: '', slots: [] };
  }
}

function admits(a: Accepts, c: BlockContent): boolean {
  if (a === 'question') return c.kind === 'question';
  if (a === 'scenario') return c.kind === 'scenario';
  return c.kind !== 'question' && c.kind !== 'scenario';
}

export interface SlotFill {
  slot: SlotDef;
  blocks: number[];
}

/** Which blocks fill each slot (same rule as trellis_model::slot_fills). */
export function slotFills(lesson: Lesson): SlotFill[] {
  const fills = TEMPLATES[lesson.template].slots.map((slot) => ({ slot, blocks: [] as number[] }));
  lesson.blocks.forEach((b: Block, i) => {
    let target = -1;
    if (b.slot) target = fills.findIndex((f) => f.slot.name === b.slot);
    else {
      const acc = fills.map((f, k) => (admits(f.slot.accepts, b.content) ? k : -1)).filter((k) => k >= 0);
      if (acc.length === 1) target = acc[0];
    }
    if (target >= 0) fills[target].blocks.push(i);
  });
  return fills;
}

/** How many of a lesson's required slots are filled, whole or outlined. */
export function requiredFill(l: LessonEntry): { done: number; total: number } {
  const required = TEMPLATES[l.template].slots.filter((s) => s.required);
  const filled = isWhole(l)
    ? new Set(
        slotFills(l)
          .filter((f) => f.blocks.length)
          .map((f) => f.slot.name),
      )
    : new Set(l.outline.filled);
  return { done: required.filter((s) => filled.has(s.name)).length, total: required.length };
}

/** A question or scenario of a lesson, whether its blocks are here or not. */
export interface PracticeItem {
  id: string;
  lesson: LessonEntry;
  /** "Question · Single choice", "Scenario". */
  kind: string;
  /** Short text that names it (blockTitle's). */
  title: string;
  linked: string[];
  /** A question's points (0 for scenarios). */
  points: number;
  /** The prompt, as Markdown (its first line only for an outlined lesson). */
  prompt: string;
  question: boolean;
  /** A question marked as counting toward the course score. */
  scored: boolean;
}

/** The practice of a lesson, in order. */
export function practiceOf(l: LessonEntry): PracticeItem[] {
  if (!isWhole(l))
    return l.outline.practice.map((p) => {
      const kind = labelOf(p.kind, p.question_type);
      // As blockTitle: the text, else the kind.
      return {
        id: p.id,
        lesson: l,
        kind,
        title: shortTitle(p.text) || kind,
        linked: p.objectives,
        points: p.points ?? 0,
        prompt: p.text,
        question: p.kind === 'question',
        scored: !!p.scored,
      };
    });
  return l.blocks.flatMap((b) => {
    const c = b.content;
    if (c.kind !== 'question' && c.kind !== 'scenario') return [];
    return [
      {
        id: b.id,
        lesson: l,
        kind: kindLabel(c),
        title: blockTitle(b),
        linked: c.objectives ?? [],
        points: c.kind === 'question' ? c.points : 0,
        prompt: c.kind === 'question' ? c.prompt : c.title,
        question: c.kind === 'question',
        scored: c.kind === 'question' && !!c.scored,
      },
    ];
  });
}

export function slotOfBlock(lesson: Lesson, index: number): SlotDef | undefined {
  return slotFills(lesson).find((f) => f.blocks.includes(index))?.slot;
}

export const PUBLISH_TARGETS = [
  { id: 'scorm12', label: 'SCORM 1.2', ext: '.zip' },
  { id: 'scorm2004', label: 'SCORM 2004', ext: '.zip' },
  { id: 'cmi5', label: 'cmi5', ext: '.zip' },
  { id: 'xapi', label: 'xAPI (Tin Can)', ext: '.zip' },
  { id: 'web', label: 'Web site', ext: '.zip' },
  { id: 'review', label: 'Review build (for SMEs)', ext: '.zip' },
  { id: 'job-aid', label: 'Job aid (PDF and phone page)', ext: '.zip' },
];

/** Pages a job aid should fit on; the design check warns past them. */
export const JOB_AID_PAGES = 2;

/**
 * Whether a block goes in the job aid when the author has not said: the
 * steps of a procedure and every summary, or every block of a lesson put in
 * whole (`Lesson::block_in_job_aid`, `Block::in_job_aid_by_default`).
 */
export function jobAidByDefault(lesson: Lesson, block: Block): boolean {
  return !!lesson.job_aid || block.slot === 'steps' || block.slot === 'summary';
}

/** Whether a block of this kind can go in a job aid at all (`model::kind_fits`). */
export function fitsJobAid(c: BlockContent): boolean {
  return !['video', 'audio', 'divider', 'question'].includes(c.kind);
}

export function isPractice(c: BlockContent): boolean {
  return c.kind === 'question' || c.kind === 'scenario';
}

export function blockTitle(b: Block): string {
  const c = b.content;
  let t = '';
  switch (c.kind) {
    case 'text':
    case 'quote':
    case 'callout':
      t = c.markdown;
      break;
    case 'heading':
      t = c.text;
      break;
    case 'question':
      t = c.prompt;
      break;
    case 'scenario':
      t = c.title;
      break;
    case 'image':
      t = c.alt || c.asset;
      break;
    default:
      t = '';
  }
  return shortTitle(t) || kindLabel(c);
}

/** The first line of Markdown text, without its marks, at most 60 characters. */
function shortTitle(markdown: string): string {
  const t = markdown
    .replace(/[#*_`>[\]]/g, '')
    .trim()
    .split('\n')[0];
  return t.length > 60 ? t.slice(0, 57) + '…' : t;
}
