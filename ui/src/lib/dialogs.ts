// Native file pickers in the desktop app (@tauri-apps/plugin-dialog); in the
// browser the author types paths, so these resolve to null.
import { isTauri } from './transport';

export async function pickOpenPath(opts: { directory?: boolean; extensions?: string[] } = {}): Promise<string | null> {
  if (!isTauri()) return null;
  const { open } = await import('@tauri-apps/plugin-dialog');
  const r = await open({ directory: !!opts.directory, multiple: false, filters: opts.extensions ? [{ name: 'Trellis course', extensions: opts.extensions }] : undefined });
  return typeof r === 'string' ? r : null;
}

export async function pickSavePath(defaultPath?: string, extensions = ['zip']): Promise<string | null> {
  if (!isTauri()) return null;
  const { save } = await import('@tauri-apps/plugin-dialog');
  return (await save({ defaultPath, filters: [{ name: extensions.join(', '), extensions }] })) ?? null;
}

/** Review files (.trellis-review) to import, several at once. */
export async function pickReviewPaths(): Promise<string[]> {
  if (!isTauri()) return [];
  const { open } = await import('@tauri-apps/plugin-dialog');
  const r = await open({ multiple: true, directory: false, title: 'Import review files', filters: [{ name: 'Trellis review file', extensions: ['trellis-review'] }] });
  if (!r) return [];
  return Array.isArray(r) ? r : [r];
}
