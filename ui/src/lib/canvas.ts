// The lesson canvas: the player's own stylesheets (crates/trellis-render/
// player/*.css, the files every published course carries) scoped to the
// editor's `.t-canvas`, and the course theme as the same custom properties
// the player sets, so a block is edited as the learner will see it.
import base from '../../../crates/trellis-render/player/base.css?raw';
import blocks from '../../../crates/trellis-render/player/blocks.css?raw';
import questions from '../../../crates/trellis-render/player/questions.css?raw';
import type { Theme } from './types';
import { fontFaces } from './fonts';

/** Where the blocks are drawn (the player's `body`). */
export const SCOPE = '.t-canvas';
/** The element holding the theme's custom properties (the player's `:root`), around the blocks. */
export const ROOT = '.t-theme';

/**
 * One selector list, each selector put inside `scope`: `:root` becomes
 * `root` (where the theme's properties are set, so the player's defaults
 * never override them), `html` and `body` the scope itself.
 */
function scopeSelectors(list: string, scope: string, root: string): string {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      if (s.startsWith(':root')) return root + s.slice(5);
      const own = /^(html|body)\b/.exec(s);
      if (own) return scope + s.slice(own[0].length);
      return `${scope} ${s}`;
    })
    .join(',');
}

/**
 * `css` with every rule's selectors scoped to `scope`. Handles what the
 * player's stylesheets hold: plain rules, comments and `@media` blocks
 * (one level deep); other at-rules are dropped.
 */
export function scopeCss(css: string, scope: string, root: string): string {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0) break;
    const head = text.slice(i, open).trim();
    if (head.startsWith('@media')) {
      // Find the matching close brace of the block.
      let depth = 1;
      let j = open + 1;
      while (j < text.length && depth) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}') depth--;
        j++;
      }
      out += `${head}{${scopeCss(text.slice(open + 1, j - 1), scope, root)}}`;
      i = j;
      continue;
    }
    const close = text.indexOf('}', open);
    if (close < 0) break;
    if (!head.startsWith('@')) out += `${scopeSelectors(head, scope, root)}{${text.slice(open + 1, close).trim()}}\n`;
    i = close + 1;
  }
  return out;
}

/** Puts the scoped player styles and the bundled fonts into the page, once. */
export function installCanvasStyles() {
  if (document.getElementById('t-canvas-css')) return;
  const style = document.createElement('style');
  style.id = 't-canvas-css';
  style.textContent = fontFaces() + scopeCss([base, blocks, questions].join('\n'), SCOPE, ROOT);
  document.head.appendChild(style);
}

const COLOR = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
const FONT = /^[A-Za-z0-9 ,\-_"']+$/;

/** WCAG relative luminance of `#rgb` / `#rrggbb`. */
export function luminance(hex: string): number {
  let h = hex.replace('#', '');
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  const n = parseInt(h, 16);
  const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

/** The contrast ratio of two colours (NaN when either is not a hex colour). */
export function contrast(a: string, b: string): number {
  if (!COLOR.test(a) || !COLOR.test(b)) return NaN;
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/**
 * The theme's custom properties, as the player computes them
 * (trellis-render `theme_css`): invalid values fall back to the player's
 * defaults, and text on the primary colour is white or black, whichever
 * contrasts more.
 */
export function themeVars(t: Theme): Record<string, string> {
  const vars: Record<string, string> = {};
  const color = (k: string, v: string) => {
    if (COLOR.test(v ?? '')) vars[k] = v;
  };
  color('--t-primary', t.primary_color);
  color('--t-bg', t.background_color);
  color('--t-text', t.text_color);
  if (FONT.test(t.body_font ?? '') && t.body_font.trim()) vars['--t-font'] = t.body_font.trim();
  if (FONT.test(t.heading_font ?? '') && t.heading_font.trim()) vars['--t-heading-font'] = t.heading_font.trim();
  if (vars['--t-primary']) {
    const l = luminance(vars['--t-primary']);
    vars['--t-on-primary'] = 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#ffffff' : '#000000';
  }
  return vars;
}

/** `themeVars` as a style attribute. */
export function themeStyle(t: Theme): string {
  return Object.entries(themeVars(t))
    .map(([k, v]) => `${k}:${v}`)
    .join(';');
}
