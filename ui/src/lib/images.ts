// Pictures pasted or dropped onto the lesson canvas: each becomes an asset
// of the course (the `import_asset` command, which checks it and stores its
// bytes in the course file once per content) and an image block, whose alt
// text the author is then asked for.
import { app } from './app.svelte';
import { toBase64 } from './assets';
import { freshId } from './ids';
import { toApiError } from './transport';
import type { AssetInfo, Block } from './types';

/** The picture formats a course can show, with the file ending each is stored under. */
export const IMAGE_ENDINGS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/**
 * The largest picture taken from the canvas. Browser mode sends a file as
 * base64 in one request of at most 64 MiB (`BODY_LIMIT` of `trellis
 * studio`), which holds 48 MiB of bytes; the desktop app keeps the same
 * limit so both say the same.
 */
export const MAX_PASTED_IMAGE_BYTES = 48 * 1024 * 1024;

/** What a format is called in a message to the author. */
function formatName(type: string, name: string): string {
  const sub = type.startsWith('image/')
    ? type
        .slice(6)
        .replace(/^x-/, '')
        .replace(/\+xml$/, '')
    : '';
  const ending = /\.([A-Za-z0-9]+)$/.exec(name)?.[1] ?? '';
  return (sub || ending || 'unknown').toUpperCase();
}

function megabytes(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** The picture files a paste or a drop carries (none while the pointer is still dragging). */
export function picturesIn(dt: DataTransfer | null): File[] {
  if (!dt) return [];
  return Array.from(dt.files).filter((f) => f.type.startsWith('image/') || /\.(png|jpe?g|gif|webp|bmp|tiff?|svg|heic|avif)$/i.test(f.name));
}

/**
 * Whether a paste is a picture rather than text: it carries picture files
 * and no text. Word and LibreOffice put a picture of the copied text beside
 * its HTML; that paste is the text.
 */
export function isPicturePaste(dt: DataTransfer | null): boolean {
  if (!dt || !picturesIn(dt).length) return false;
  const plain = dt.getData('text/plain').trim();
  const html = dt.getData('text/html');
  const htmlText = html ? (new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '').trim() : '';
  return !plain && !htmlText;
}

/** Whether a drag carries files (their contents are readable only on drop). */
export function dragHasFiles(dt: DataTransfer | null): boolean {
  return !!dt && Array.from(dt.types).includes('Files');
}

async function sha256(bytes: ArrayBuffer): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** An unused asset name under images/ for a picture called `fileName`, with `ending`. */
export function pictureName(fileName: string, ending: string, taken: Set<string>): string {
  let base = fileName
    .replace(/\.[A-Za-z0-9]+$/, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  // Chromium calls every pasted picture "image.png".
  if (!base || base.toLowerCase() === 'image') base = 'pasted-picture';
  let name = `images/${base}.${ending}`;
  for (let n = 2; taken.has(name); n++) name = `images/${base}-${n}.${ending}`;
  return name;
}

/** Why the engine refused a picture, in the author's words. */
function refusal(file: File, message: string): string {
  const what = file.name && file.name !== 'image.png' ? `“${file.name}”` : 'The picture';
  if (/not a valid image/.test(message)) {
    return `${what} could not be added: it is damaged, or too big to open (at most 12,000 pixels on a side). Save it again as PNG or JPEG and add that.`;
  }
  if (/limit is|larger than|too large/.test(message)) return `${what} could not be added: it is too large for a course.`;
  return `${what} could not be added: ${message}`;
}

/**
 * Adds one picture to the course's assets and returns its name: an asset
 * with the same bytes is used again rather than stored twice. Says why
 * and returns null when the picture is refused.
 */
export async function importPicture(file: File): Promise<string | null> {
  const what = file.name && file.name !== 'image.png' ? `“${file.name}”` : 'This picture';
  // The format the browser names; a file it cannot name, by its ending.
  const fromName = (/\.([A-Za-z0-9]+)$/.exec(file.name)?.[1] ?? '').toLowerCase().replace('jpeg', 'jpg');
  const ending = file.type ? IMAGE_ENDINGS[file.type] : Object.values(IMAGE_ENDINGS).find((e) => e === fromName);
  if (!ending) {
    app.notify(
      `${what} is a ${formatName(file.type, file.name)} picture; a course can show PNG, JPEG, GIF and WebP pictures. Save it in one of those and add it again.`,
      'error',
    );
    return null;
  }
  if (file.size > MAX_PASTED_IMAGE_BYTES) {
    app.notify(
      `${what} is ${megabytes(file.size)}; a picture added to a course can be at most ${megabytes(MAX_PASTED_IMAGE_BYTES)}. Make it smaller (for the screen, 2000 pixels wide is plenty) and add it again.`,
      'error',
    );
    return null;
  }
  const bytes = await file.arrayBuffer();
  const hash = await sha256(bytes);
  const assets: AssetInfo[] = app.course?.assets ?? [];
  const same = hash ? assets.find((a) => a.sha256 === hash) : undefined;
  if (same) return same.name;
  const name = pictureName(file.name, ending, new Set(assets.map((a) => a.name)));
  try {
    await app.call({ cmd: 'import_asset', name, data_base64: toBase64(bytes) }, { rethrow: true, silent: true });
  } catch (e) {
    // Nothing was changed: the course is as saved before.
    app.status = 'Saved';
    app.notify(refusal(file, toApiError(e).message), 'error');
    return null;
  }
  return name;
}

/**
 * Pictures pasted or dropped into lesson `lessonId`: each is added to the
 * course and shown by a new image block at `index` (in order), or, for the
 * first, by `fill`, an image block that has no picture yet. The caret goes
 * to the alt text of the last one, with a note asking for it.
 */
export async function placePictures(files: File[], lessonId: string, index: number, fill?: Block) {
  let at = index;
  let last: string | null = null;
  for (const file of files) {
    const asset = await importPicture(file);
    if (!asset) continue;
    if (fill && fill.content.kind === 'image' && !fill.content.asset) {
      const id = fill.id;
      fill = undefined;
      const done = await app.updateBlock(id, (b) => {
        if (b.content.kind === 'image') b.content.asset = asset;
      });
      if (done) last = id;
      continue;
    }
    const block: Block = { id: freshId('b'), content: { kind: 'image', asset, alt: '' } };
    const done = await app.apply({ op: 'add-block', lesson: lessonId, index: at, block });
    if (!done) continue;
    at++;
    last = block.id;
  }
  if (!last) return;
  const n = files.length;
  app.notify(
    `${n === 1 ? 'Picture' : 'Pictures'} added. Say what ${n === 1 ? 'it shows' : 'each shows'} in its alt text, for learners who cannot see ${n === 1 ? 'it' : 'them'} (or mark ${n === 1 ? 'it' : 'them'} decorative).`,
  );
  app.requestFocus({ lesson: lessonId, block: last, field: 'alt' });
}
