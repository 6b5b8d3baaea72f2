// Puts a delta from the core into the editor's copy of the course, in place,
// so that only what changed is drawn again. The same rules as
// `Changes::apply_to` in crates/trellis-app/src/delta.rs (docs/app-api.md).
import type { Changes, Course, Lesson, LessonEntry, Module } from './types';

/**
 * Applies `ch` to `course`, which must be the course of the delta's `base`
 * revision. Returns false, leaving `course` unchanged, when the delta names
 * lessons or modules the course lacks: then the caller fetches the whole
 * snapshot.
 */
export function applyChanges(course: Course, ch: Changes): boolean {
  const lessons = ch.lessons ?? [];
  const rows = ch.modules ?? [];
  if (!ch.module_order && rows.length === 0) {
    // Only lessons' contents changed: find where they are first.
    const wanted = new Map(lessons.map((l) => [l.id, l]));
    const places: [Module, number, Lesson][] = [];
    for (const m of course.modules)
      m.lessons.forEach((l, i) => {
        const next = wanted.get(l.id);
        if (next) places.push([m, i, next]);
      });
    if (places.length !== wanted.size) return false;
    setParts(course, ch);
    for (const [m, i, next] of places) m.lessons[i] = next;
    return true;
  }
  // The structure changed: put the modules together in the new order,
  // keeping the objects of what did not change.
  const byLesson = new Map<string, LessonEntry>();
  const byModule = new Map<string, Module>();
  for (const m of course.modules) {
    byModule.set(m.id, m);
    for (const l of m.lessons) byLesson.set(l.id, l);
  }
  for (const l of lessons) byLesson.set(l.id, l);
  const rowOf = new Map(rows.map((r) => [r.id, r]));
  if (!ch.module_order && rows.some((r) => !byModule.has(r.id))) return false;
  const order = ch.module_order ?? course.modules.map((m) => m.id);
  if (new Set(order).size !== order.length) return false;
  const placed = new Set<string>();
  const plan: { module: Module | undefined; id: string; title: string; lessons: LessonEntry[] }[] = [];
  for (const id of order) {
    const row = rowOf.get(id);
    const old = byModule.get(id);
    if (!row && !old) return false;
    const ids = row ? row.lessons : old!.lessons.map((l) => l.id);
    const list: LessonEntry[] = [];
    for (const lid of ids) {
      const l = byLesson.get(lid);
      if (!l || placed.has(lid)) return false;
      placed.add(lid);
      list.push(l);
    }
    plan.push({ module: old, id, title: row ? row.title : old!.title, lessons: list });
  }
  if (lessons.some((l) => !placed.has(l.id))) return false;
  setParts(course, ch);
  course.modules = plan.map(({ module, id, title, lessons: list }) => {
    if (!module) return { id, title, lessons: list };
    if (module.title !== title) module.title = title;
    if (module.lessons.length !== list.length || module.lessons.some((l, i) => l !== list[i])) module.lessons = list;
    return module;
  });
  return true;
}

function setParts(course: Course, ch: Changes) {
  if (ch.info) course.info = ch.info;
  if (ch.objectives) course.objectives = ch.objectives;
  if (ch.assets) course.assets = ch.assets;
}
