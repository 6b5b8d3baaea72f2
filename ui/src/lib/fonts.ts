// Fonts for the theme: the open fonts bundled with Trellis (the list and
// files of crates/trellis-render/fonts, which a published course carries
// when its theme uses them) and stacks of fonts the learner's system has.
import bundled from '../../../crates/trellis-render/fonts/fonts.json';

export interface FontChoice {
  /** The CSS font stack stored in the theme. */
  stack: string;
  label: string;
  bundled: boolean;
}

/** Each bundled family first, then its fallbacks (the player's stack). */
export const BUNDLED: FontChoice[] = bundled.map((f) => ({
  stack: `"${f.family}", ${f.fallback}`,
  label: `${f.family} — ${f.note.toLowerCase()}`,
  bundled: true,
}));

export const SYSTEM: FontChoice[] = [
  { stack: 'system-ui, sans-serif', label: "The device's own interface font", bundled: false },
  { stack: 'Verdana, sans-serif', label: 'Verdana (sans serif)', bundled: false },
  { stack: '"Trebuchet MS", sans-serif', label: 'Trebuchet MS (sans serif)', bundled: false },
  { stack: 'Georgia, serif', label: 'Georgia (serif)', bundled: false },
  { stack: 'Palatino, "Palatino Linotype", "Book Antiqua", serif', label: 'Palatino (serif)', bundled: false },
  { stack: 'ui-monospace, Menlo, Consolas, monospace', label: 'Monospace', bundled: false },
];

/** Two stacks name the same fonts (spaces and quotes aside). */
export function sameStack(a: string, b: string) {
  const norm = (s: string) =>
    s
      .split(',')
      .map((p) =>
        p
          .trim()
          .replace(/^["']|["']$/g, '')
          .toLowerCase(),
      )
      .join(',');
  return norm(a) === norm(b);
}

const FILES = import.meta.glob('../../../crates/trellis-render/fonts/*.woff2', { query: '?url', import: 'default', eager: true });

/** `@font-face` rules for every bundled face, from the files the editor was built with. */
export function fontFaces(): string {
  let css = '';
  for (const f of bundled) {
    for (const weight of [400, 700]) {
      for (const style of ['normal', 'italic']) {
        const url = Object.entries(FILES).find(([path]) => path.endsWith(`/${f.slug}-latin-${weight}-${style}.woff2`))?.[1];
        if (url)
          css += `@font-face{font-family:"${f.family}";src:url(${url}) format("woff2");font-weight:${weight};font-style:${style};font-display:swap}\n`;
      }
    }
  }
  return css;
}
