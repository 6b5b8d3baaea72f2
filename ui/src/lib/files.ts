// The files an author makes: new courses, imported folders, text-format
// exports and published packages. The desktop app asks where with the
// system's dialogs, opened on the place the core suggests (`default_path`:
// a name made from the course title, in the folder used last); browser mode
// saves new courses in that place without asking, and downloads packages
// and exports from `trellis studio` instead of asking for a place on the
// server.
import { app } from './app.svelte';
import { pickOpenPath, pickSavePath } from './dialogs';
import { choiceFields, DEFAULT_CHOICES, DOCUMENT_EXTENSIONS, type ImportChoices } from './importdoc.svelte';
import type { ExportResult, ImportReport, Place, PublishResult, Snapshot } from './types';

export function isDesktop(): boolean {
  return app.transport.kind === 'tauri';
}

/** The last part of a path, for messages. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** Has the browser save `url` (served by `trellis studio` as an attachment). */
export function download(url: string, name?: string) {
  const a = document.createElement('a');
  a.href = url;
  a.download = name ?? '';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
}

/** Shows a file or folder in the system's file manager (desktop). */
export function reveal(path: string) {
  return app.call({ cmd: 'reveal', path }, { quiet: true });
}

function suggest(kind: 'course' | 'package' | 'export', extra: { title?: string; target?: string } = {}) {
  return app.call<Place>({ cmd: 'default_path', kind, ...extra }, { quiet: true });
}

/**
 * A new course from `blueprint`, titled `title` (the blueprint's when
 * empty). Desktop: the save dialog, named for the title; browser: saved in
 * the default folder under the title. Resolves true once it is open.
 */
export async function createCourse(blueprint: string, title: string): Promise<boolean> {
  const named = title.trim() ? { title: title.trim() } : {};
  if (!isDesktop()) return !!(await app.call<Snapshot>({ cmd: 'new_course', blueprint, ...named }));
  const place = await suggest('course', named);
  if (!place) return false;
  const path = await pickSavePath(place.path, ['trellis'], 'Save the new course');
  if (!path) return false;
  return !!(await app.call<Snapshot>({ cmd: 'new_course', blueprint, path, ...named }));
}

/** Desktop: the open dialog for a course file, then opens it. */
export async function chooseAndOpen(): Promise<boolean> {
  const path = await pickOpenPath({ extensions: ['trellis'], title: 'Open a course' });
  return !!path && !!(await app.call<Snapshot>({ cmd: 'open_course', path }));
}

/**
 * Imports a text-format course folder (desktop: chosen in the folder
 * dialog) into a new course file named for the course, in the default
 * folder, and opens it.
 */
export async function importFolder(folder?: string): Promise<boolean> {
  const chosen = folder ?? (await pickOpenPath({ directory: true, title: 'Import a course folder' }));
  return !!chosen && !!(await app.call<Snapshot>({ cmd: 'import_folder', folder: chosen }));
}

/**
 * Makes a new course from a document (desktop: chosen in the file dialog),
 * named for the course, in the default folder, opens it and keeps the
 * import's report for the editor to show.
 */
export async function importDocument(document?: string, choices: ImportChoices = DEFAULT_CHOICES): Promise<boolean> {
  const chosen =
    document ?? (await pickOpenPath({ extensions: DOCUMENT_EXTENSIONS, kind: 'Documents and question banks', title: 'Import a document' }));
  if (!chosen) return false;
  const r = await app.call<Snapshot & { import_report?: ImportReport }>({
    cmd: 'import_document',
    document: chosen,
    ...choiceFields(choices),
  });
  if (r?.import_report) app.importReport = r.import_report;
  return !!r;
}

/**
 * Writes the open course as a text-format folder: desktop, where the save
 * dialog says (an earlier export is updated); browser, as a zip download.
 */
export async function exportCourse(): Promise<ExportResult | undefined> {
  if (!app.snap) return;
  if (!isDesktop()) {
    const r = await app.call<ExportResult>({ cmd: 'export', download: true }, { quiet: true });
    if (r?.download) {
      download(r.download, baseName(r.path));
      app.notify('The course is downloading as a text folder, in a zip.');
    }
    return r;
  }
  const place = await suggest('export');
  if (!place) return;
  const path = await pickSavePath(place.path, null, 'Export as a text folder');
  if (!path) return;
  const r = await app.call<ExportResult>({ cmd: 'export', path }, { quiet: true });
  if (r) app.notify(`Exported to the folder “${baseName(r.path)}”.`, 'info', { label: 'Show in folder', run: () => void reveal(r.path) });
  return r;
}

/**
 * Publishes the open course for `target`: desktop, to the file the save
 * dialog names (the course title and target by default); browser, as a
 * download. Resolves undefined when cancelled or failed; `opts` go to
 * `app.call` (with `rethrow`, a failure throws instead).
 */
export async function publishPackage<R extends { path: string; download?: string } = PublishResult>(
  target: string,
  opts: { silent?: boolean; rethrow?: boolean } = {},
): Promise<R | undefined> {
  if (!isDesktop()) {
    const r = await app.call<R>({ cmd: 'publish', target, download: true }, { quiet: true, ...opts });
    if (r?.download) download(r.download, baseName(r.path));
    return r;
  }
  const place = await suggest('package', { target });
  if (!place) return;
  const path = await pickSavePath(place.path, ['zip'], 'Save the package');
  if (!path) return;
  return app.call<R>({ cmd: 'publish', target, path }, { quiet: true, ...opts });
}
