// Editing actions shared by the outline, the lesson editor and the command palette.
import { app, clone } from './app.svelte';
import { TEMPLATES } from './catalog';
import { freshId } from './ids';
import type { Lesson, LessonSettings, Module, TemplateKind } from './types';

export async function addBlock(lessonId: string, at: number, kind: string, question_type?: string, slotName?: string) {
  const lesson = app.course?.modules.flatMap((m) => m.lessons).find((x) => x.id === lessonId);
  const slot = slotName && lesson && TEMPLATES[lesson.template].slots.some((s) => s.name === slotName) ? slotName : undefined;
  const done = await app.call({
    cmd: 'new_block',
    lesson: lessonId,
    index: at,
    kind,
    ...(question_type ? { question_type } : {}),
    ...(slot ? { slot } : {}),
  });
  if (!done) return;
  const b = app.findLesson(lessonId)?.blocks[at];
  if (b) app.requestFocus({ lesson: lessonId, block: b.id });
}

export async function addModule(index?: number) {
  const c = app.course;
  if (!c) return;
  const id = freshId('m');
  const snap = await app.apply({
    op: 'add-module',
    index: index ?? c.modules.length,
    module: { id, title: `Module ${c.modules.length + 1}`, lessons: [] },
  });
  if (snap) app.requestFocus({ field: `outline-${id}` });
  return snap ? id : undefined;
}

/**
 * Where a new lesson goes in module `m`: right after the lesson being
 * edited when it is in `m`; else at the end, but before the assessments
 * that close the module (a course's test stays last).
 */
export function newLessonIndex(m: Module): number {
  const current = m.lessons.findIndex((l) => l.id === app.lessonId);
  if (current >= 0) return current + 1;
  let at = m.lessons.length;
  while (at > 0 && m.lessons[at - 1].template === 'assessment') at--;
  return at;
}

/** The module a new lesson goes to: the one being edited, else the last. */
export function currentModule(): Module | undefined {
  const c = app.course;
  if (!c) return undefined;
  return (app.lessonId ? app.moduleOf(app.lessonId) : undefined) ?? c.modules.at(-1);
}

export async function addLesson(moduleId: string, template: TemplateKind = 'concept') {
  const m = app.course?.modules.find((x) => x.id === moduleId);
  if (!m) return;
  const lesson: Lesson = { id: freshId('l'), title: 'New lesson', template, blocks: [] };
  if (template === 'assessment') lesson.assessment = { shuffle: true, pass_mark: 80, attempts: 0 };
  const snap = await app.apply({ op: 'add-lesson', module: moduleId, index: newLessonIndex(m), lesson });
  if (snap) {
    app.selectLesson(lesson.id);
    app.requestFocus({ field: 'lesson-title' });
  }
}

export function setTemplate(lessonId: string, template: TemplateKind) {
  return app.apply(() => {
    const lesson = app.findLesson(lessonId);
    if (!lesson) return null;
    const settings: LessonSettings = { title: lesson.title, template, job_aid: lesson.job_aid ?? false };
    if (template === 'assessment') settings.assessment = clone(lesson.assessment) ?? { shuffle: true, pass_mark: 80, attempts: 0 };
    return { op: 'update-lesson', id: lesson.id, settings };
  });
}

export function allLessons() {
  return (app.course?.modules ?? []).flatMap((m) => m.lessons.map((l) => ({ module: m, lesson: l })));
}
