// Fresh ids in the model's syntax (letters, digits, '-', '_'; see id.rs).
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

export function freshId(prefix: string): string {
  let s = `${prefix}-`;
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return s;
}

/** Unused item id inside a block, e.g. `c3` (same rule as next_item_id). */
export function nextItemId(prefix: string, existing: { id: string }[]): string {
  for (let n = 1; ; n++) {
    const c = `${prefix}${n}`;
    if (!existing.some((e) => e.id === c)) return c;
  }
}

export function moveItem<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const copy = list.slice();
  const [x] = copy.splice(from, 1);
  copy.splice(to, 0, x);
  return copy;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
