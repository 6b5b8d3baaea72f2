// What the learner's player shows, computed as trellis-render does, so the
// canvas can draw a question's controls the same way.
import strings from '../../../crates/trellis-render/strings/en.json';

/** The player's first option of a matching list ("Choose…"). */
export const CHOOSE: string = strings.choose;

/**
 * The stable shuffled order of `keys` the player uses (trellis-render
 * `scramble`: FNV-1a of `salt`, a zero byte and the key; ties by position;
 * never the identity for more than one item).
 */
export function scramble(salt: string, keys: string[]): number[] {
  const enc = new TextEncoder();
  const prime = 0x0100000001b3n;
  const mask = 0xffffffffffffffffn;
  const hash = (s: string): bigint => {
    let h = 0xcbf29ce484222325n;
    for (const b of [...enc.encode(salt), 0, ...enc.encode(s)]) {
      h ^= BigInt(b);
      h = (h * prime) & mask;
    }
    return h;
  };
  const hashes = keys.map(hash);
  const order = keys.map((_, i) => i);
  order.sort((a, b) => (hashes[a] < hashes[b] ? -1 : hashes[a] > hashes[b] ? 1 : a - b));
  if (keys.length > 1 && order.every((v, i) => v === i)) order.push(order.shift()!);
  return order;
}

/** A matching question's list of matches, in the order the learner's dropdown shows them. */
export function matchOrder(blockId: string, pairIds: string[]): number[] {
  return scramble(`${blockId}:m`, pairIds);
}
