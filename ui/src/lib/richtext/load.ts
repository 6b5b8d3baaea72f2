// Loads the rich-text chunk once; `loaded` is it once it has arrived.
export type RichText = typeof import('./index');

let promise: Promise<RichText> | undefined;
export let loaded: RichText | undefined;

export function loadRichText(): Promise<RichText> {
  promise ??= import('./index').then((m) => (loaded = m));
  return promise;
}
