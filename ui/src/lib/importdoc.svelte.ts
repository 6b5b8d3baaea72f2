// Importing a document into the open course (`import_document_into`): the
// dialog's state and the call. The document's modules go in after the
// course's own as one change, undone in one step; the report is shown.
import { app } from './app.svelte';
import { pickOpenPath } from './dialogs';
import type { ImportReport } from './types';

/** The documents `import_document` and `import_document_into` read. */
export const DOCUMENT_EXTENSIONS = ['docx', 'pptx', 'md', 'markdown', 'gift', 'aiken', 'txt', 'csv'];

/** How a document's parts become a course's (the import's options). */
export interface ImportChoices {
  /** Each slide a heading in one lesson, not a lesson of its own. */
  slidesAsHeadings: boolean;
  /** The heading level that starts a module; null: none (one module). */
  moduleHeading: number | null;
  /** The heading level that starts a lesson. */
  lessonHeading: number;
}

export const DEFAULT_CHOICES: ImportChoices = { slidesAsHeadings: false, moduleHeading: 1, lessonHeading: 2 };

/** The dialog is open while a course is open and the author chose the menu item. */
export const importInto = $state({ open: false });

/** The command fields for `choices`. */
export function choiceFields(c: ImportChoices) {
  return { slides_as_headings: c.slidesAsHeadings, module_heading: c.moduleHeading, lesson_heading: c.lessonHeading };
}

/** The desktop's open dialog for a document; null when the author cancels. */
export async function chooseDocument(): Promise<string | null> {
  return (
    (await pickOpenPath({ extensions: DOCUMENT_EXTENSIONS, kind: 'Documents and question banks', title: 'Import a document' })) ?? null
  );
}

/** Adds `document` to the open course; shows the report; true when it was added. */
export async function importDocumentInto(document: string, choices: ImportChoices): Promise<boolean> {
  const r = await app.call<{ import_report?: ImportReport }>({ cmd: 'import_document_into', document, ...choiceFields(choices) });
  if (r?.import_report) app.importReport = r.import_report;
  return !!r;
}
