// Native file pickers in the desktop app (@tauri-apps/plugin-dialog); in the
// browser the author types paths, so these resolve to null.
import { isTauri } from './transport';

/** The system's open dialog; `kind` names the files `extensions` match (default: courses). */
export async function pickOpenPath(
  opts: { directory?: boolean; extensions?: string[]; kind?: string; title?: string } = {},
): Promise<string | null> {
  if (!isTauri()) return null;
  const { open } = await import('@tauri-apps/plugin-dialog');
  const filters = opts.extensions ? [{ name: opts.kind ?? 'Trellis course', extensions: opts.extensions }] : undefined;
  const r = await open({ directory: !!opts.directory, multiple: false, title: opts.title, filters });
  return typeof r === 'string' ? r : null;
}

/**
 * The system's save dialog, opened on `defaultPath` (folder and name).
 * With `extensions`, the chosen name gets the first one when it has none of
 * them; without, the name is a folder to be made (an export).
 */
export async function pickSavePath(defaultPath?: string, extensions: string[] | null = ['zip'], title?: string): Promise<string | null> {
  if (!isTauri()) return null;
  const { save } = await import('@tauri-apps/plugin-dialog');
  const filters = extensions ? [{ name: extensions.join(', '), extensions }] : undefined;
  const path = (await save({ defaultPath, title, filters })) ?? null;
  if (!path || !extensions?.length) return path;
  return extensions.some((e) => path.toLowerCase().endsWith(`.${e.toLowerCase()}`)) ? path : `${path}.${extensions[0]}`;
}

/** Review files (.trellis-review) to import, several at once. */
export async function pickReviewPaths(): Promise<string[]> {
  if (!isTauri()) return [];
  const { open } = await import('@tauri-apps/plugin-dialog');
  const r = await open({
    multiple: true,
    directory: false,
    title: 'Import review files',
    filters: [{ name: 'Trellis review file', extensions: ['trellis-review'] }],
  });
  if (!r) return [];
  return Array.isArray(r) ? r : [r];
}
