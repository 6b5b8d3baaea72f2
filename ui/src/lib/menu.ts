// What each item of the desktop menu does. The shell (src-tauri/src/main.rs,
// `MENU`) sends an item's id as `trellis://menu` when it or its shortcut is
// used; the command palette and the browser's shortcuts run the same
// handlers. A test in src-tauri fails when the shell has an id that
// MENU_IDS lacks (or the other way round), and TypeScript fails when an id
// here has no handler.
import { app } from './app.svelte';
import { comments } from './comments.svelte';
import { chooseAndOpen, exportCourse, importDocument, importFolder, isDesktop } from './files';
import { importInto } from './importdoc.svelte';
import { linkInFocusedEditor } from './richtext/focus';

export const MENU_IDS = [
  'new',
  'open',
  'import_folder',
  'import_document',
  'publish',
  'export',
  'close',
  'undo',
  'redo',
  'palette',
  'check',
  'assets',
  'import_review',
  'preview',
  'about',
] as const;

export type MenuId = (typeof MENU_IDS)[number];

/** What the handlers need from the window around the editor. */
export interface MenuHost {
  openPublish(target: string): void;
  togglePreview(): void;
  showAbout(): void;
}

/** Closes the course and focuses a control of the start screen. */
async function toStart(selector: string) {
  await app.close();
  setTimeout(() => document.querySelector<HTMLElement>(selector)?.focus(), 50);
}

/** Runs `run` when a course is open; else says what to do first. */
function withCourse(run: () => void) {
  return () => {
    if (app.snap) run();
    else app.notify('Open or create a course first.');
  };
}

export function menuHandlers(host: MenuHost): Record<MenuId, () => void> {
  return {
    new: () => void toStart('#main [data-blueprint]'),
    open: () => void (isDesktop() ? chooseAndOpen() : toStart('#main input[id$="-open"]')),
    import_folder: () => void (isDesktop() ? importFolder() : toStart('#main input[id$="-folder"]')),
    import_document: () => {
      if (app.snap) importInto.open = true;
      else void (isDesktop() ? importDocument() : toStart('#main input[id$="-document"]'));
    },
    publish: withCourse(() => host.openPublish('scorm12')),
    export: withCourse(() => void exportCourse()),
    close: () => void app.close(),
    undo: () => void app.undo(),
    redo: () => void app.redo(),
    palette: withCourse(() => {
      if (!linkInFocusedEditor()) app.paletteOpen = true;
    }),
    check: withCourse(() => (app.view = 'check')),
    assets: withCourse(() => (app.view = 'assets')),
    import_review: withCourse(() => void comments.chooseAndImport()),
    preview: withCourse(() => host.togglePreview()),
    about: () => host.showAbout(),
  };
}

/** Runs the handler of menu item `id`; false when there is none. */
export function runMenu(handlers: Record<MenuId, () => void>, id: string): boolean {
  const run = (handlers as Record<string, (() => void) | undefined>)[id];
  if (!run) return false;
  run();
  return true;
}
