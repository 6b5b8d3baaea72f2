import { app } from './app.svelte';

export function toBase64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Imports files into the course (import_asset); returns the names added. */
export async function importFiles(files: FileList | File[] | null): Promise<string[]> {
  const out: string[] = [];
  for (const f of Array.from(files ?? [])) {
    const name = f.name.replace(/[^A-Za-z0-9._-]+/g, '-');
    const data_base64 = toBase64(await f.arrayBuffer());
    const before = new Set(app.course?.assets.map((a) => a.name));
    const done = await app.call({ cmd: 'import_asset', name, data_base64 });
    if (done) {
      const added = app.course?.assets.find((a) => !before.has(a.name))?.name ?? name;
      out.push(added);
      app.notify(`Imported ${added}.`);
    }
  }
  return out;
}
