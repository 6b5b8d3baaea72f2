// The Markdown of a course text field as a ProseMirror document, and back.
//
// The mapping is lossless by construction, one top-level Markdown block at a
// time (a paragraph, a heading, a whole list, a quote…):
//
// - Each block is parsed alone into the editor's schema, written back, and
//   both texts are rendered (markdown-it, CommonMark with GFM tables and
//   strikethrough, as pulldown-cmark reads them in trellis-render). A block
//   that does not parse into the schema (a table, HTML, a code block, an
//   image, a footnote…) or whose rewrite does not render the same becomes a
//   `raw` node that holds its source verbatim; the editor shows it read-only.
// - Every block node parsed from the stored text remembers its source, and
//   is written back as that source while the author leaves it alone, so a
//   hard-wrapped paragraph keeps its line breaks until it is edited. An
//   unedited document gives back exactly the text it came from.
//
// Plain JavaScript (with types in markdown-doc.d.ts) so that `node --test`
// runs the mapping's tests without a build (tests/ui/markdown-mapping.test.mjs).

import MarkdownIt from 'markdown-it';
import { Schema } from 'prosemirror-model';
import { MarkdownParser, MarkdownSerializer, defaultMarkdownSerializer } from 'prosemirror-markdown';

const SAFE_HREF = /^(https?:|mailto:|tel:|#|\/|\.{0,2}\/|[^:]*$)/i;

export const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: { content: 'inline*', group: 'block', parseDOM: [{ tag: 'p' }], toDOM: () => ['p', 0] },
    heading: {
      attrs: { level: { default: 3 } },
      content: 'inline*',
      group: 'block',
      defining: true,
      parseDOM: [1, 2, 3, 4, 5, 6].map((level) => ({ tag: `h${level}`, attrs: { level } })),
      toDOM: (node) => [`h${node.attrs.level}`, 0],
    },
    blockquote: { content: 'block+', group: 'block', defining: true, parseDOM: [{ tag: 'blockquote' }], toDOM: () => ['blockquote', 0] },
    horizontal_rule: { group: 'block', parseDOM: [{ tag: 'hr' }], toDOM: () => ['hr'] },
    bullet_list: {
      content: 'list_item+',
      group: 'block',
      attrs: { tight: { default: true }, bullet: { default: '-' } },
      parseDOM: [{ tag: 'ul' }],
      toDOM: () => ['ul', 0],
    },
    ordered_list: {
      content: 'list_item+',
      group: 'block',
      attrs: { order: { default: 1 }, tight: { default: true } },
      parseDOM: [{ tag: 'ol', getAttrs: (dom) => ({ order: Number(/** @type {HTMLElement} */ (dom).getAttribute('start')) || 1 }) }],
      toDOM: (node) => ['ol', node.attrs.order === 1 ? {} : { start: node.attrs.order }, 0],
    },
    list_item: { content: 'paragraph block*', defining: true, parseDOM: [{ tag: 'li' }], toDOM: () => ['li', 0] },
    /** Markdown the editor cannot represent, kept as written. */
    raw: {
      group: 'block',
      atom: true,
      selectable: true,
      attrs: { source: { default: '' } },
      // Copied within the editor, or made from a pasted table (editor.ts).
      parseDOM: [
        {
          tag: 'pre.rt-raw',
          preserveWhitespace: 'full',
          getAttrs: (dom) => ({ source: /** @type {HTMLElement} */ (dom).textContent || '' }),
        },
      ],
      toDOM: (node) => [
        'pre',
        { class: 'rt-raw', contenteditable: 'false', title: 'Kept as written (Markdown the editor does not show formatted)' },
        node.attrs.source,
      ],
    },
    text: { group: 'inline' },
    hard_break: { inline: true, group: 'inline', selectable: false, parseDOM: [{ tag: 'br' }], toDOM: () => ['br'] },
  },
  marks: {
    link: {
      attrs: { href: {}, title: { default: null } },
      inclusive: false,
      parseDOM: [
        {
          tag: 'a[href]',
          getAttrs: (dom) => {
            const href = /** @type {HTMLElement} */ (dom).getAttribute('href') || '';
            return SAFE_HREF.test(href.trim())
              ? { href: href.trim(), title: /** @type {HTMLElement} */ (dom).getAttribute('title') }
              : false;
          },
        },
      ],
      toDOM: (mark) => ['a', { href: mark.attrs.href, title: mark.attrs.title }, 0],
    },
    em: {
      parseDOM: [
        { tag: 'i' },
        { tag: 'em' },
        { style: 'font-style=italic' },
        { style: 'font-style=normal', clearMark: (m) => m.type.name === 'em' },
      ],
      toDOM: () => ['em', 0],
    },
    strong: {
      parseDOM: [
        { tag: 'strong' },
        // Google Docs wraps its whole clipboard in <b style="font-weight:normal">.
        { tag: 'b', getAttrs: (dom) => /** @type {HTMLElement} */ (dom).style.fontWeight !== 'normal' && null },
        { style: 'font-weight=400', clearMark: (m) => m.type.name === 'strong' },
        { style: 'font-weight', getAttrs: (v) => /^(bold(er)?|[5-9]\d{2,})$/.test(/** @type {string} */ (v)) && null },
      ],
      toDOM: () => ['strong', 0],
    },
    s: { parseDOM: [{ tag: 's' }, { tag: 'del' }, { tag: 'strike' }, { style: 'text-decoration=line-through' }], toDOM: () => ['s', 0] },
    code: { parseDOM: [{ tag: 'code' }], toDOM: () => ['code', 0] },
  },
});

/** The tokenizer: CommonMark with GFM tables and strikethrough (pulldown-cmark's options in trellis-render), HTML recognised so that it is kept. */
export const md = new MarkdownIt('commonmark', { html: true }).enable(['table', 'strikethrough']);
/** The same without HTML or images (nothing fetched), to show stored text formatted before an editor starts. */
export const mdDisplay = new MarkdownIt('commonmark', { html: false }).enable(['table', 'strikethrough']).disable('image');

/** @param {any[]} tokens @param {number} i */
function listIsTight(tokens, i) {
  while (++i < tokens.length) if (tokens[i].type !== 'list_item_open') return tokens[i].hidden;
  return false;
}

const parser = new MarkdownParser(schema, md, {
  blockquote: { block: 'blockquote' },
  paragraph: { block: 'paragraph' },
  list_item: { block: 'list_item' },
  bullet_list: { block: 'bullet_list', getAttrs: (tok, tokens, i) => ({ tight: listIsTight(tokens, i), bullet: tok.markup || '-' }) },
  ordered_list: {
    block: 'ordered_list',
    getAttrs: (tok, tokens, i) => ({ order: Number(tok.attrGet('start')) || 1, tight: listIsTight(tokens, i) }),
  },
  heading: { block: 'heading', getAttrs: (tok) => ({ level: Number(tok.tag.slice(1)) }) },
  hr: { node: 'horizontal_rule' },
  hardbreak: { node: 'hard_break' },
  em: { mark: 'em' },
  strong: { mark: 'strong' },
  s: { mark: 's' },
  link: { mark: 'link', getAttrs: (tok) => ({ href: tok.attrGet('href'), title: tok.attrGet('title') || null }) },
  code_inline: { mark: 'code', noCloseToken: true },
});

const base = defaultMarkdownSerializer;
export const serializer = new MarkdownSerializer(
  {
    ...base.nodes,
    bullet_list(state, node) {
      state.renderList(node, '  ', () => (node.attrs.bullet || '-') + ' ');
    },
    horizontal_rule(state, node) {
      state.write('---');
      state.closeBlock(node);
    },
    raw(state, node) {
      state.text(node.attrs.source, false);
      state.closeBlock(node);
    },
  },
  {
    ...base.marks,
    em: { open: '_', close: '_', mixable: true, expelEnclosingWhitespace: true },
    s: { open: '~~', close: '~~', mixable: true, expelEnclosingWhitespace: true },
  },
);

/** HTML with its insignificant white space folded, to compare two renderings. */
function fold(/** @type {string} */ html) {
  return html
    .replace(/\s+/g, ' ')
    .replace(/\s*(<\/?(?:p|li|ul|ol|h[1-6]|blockquote|hr|br|table|thead|tbody|tr|th|td|pre)\b[^>]*>)\s*/g, '$1')
    .trim();
}

/** @typedef {{source: string, gap: string, seq: number, parse: number, lead: string, trail: string}} Source */
/** @type {WeakMap<import('prosemirror-model').Node, Source>} */
const sources = new WeakMap();
let parses = 0;

/** @param {string} source */
function rawNode(source) {
  return schema.nodes.raw.create({ source });
}

/**
 * One top-level block: its node in the schema when written back it renders the
 * same, otherwise a raw node.
 * @param {string} source @param {string} refs link reference definitions of the field
 */
function blockNode(source, refs) {
  if (/\[\^/.test(source)) return rawNode(source); // footnote syntax: not in the schema
  try {
    const doc = parser.parse(source + refs);
    if (doc.childCount !== 1) return rawNode(source);
    const node = doc.firstChild;
    if (!node) return rawNode(source);
    const back = serializer.serialize(doc);
    if (fold(md.render(back + refs)) !== fold(md.render(source + refs))) return rawNode(source);
    return node;
  } catch {
    return rawNode(source);
  }
}

/**
 * The document of a field's Markdown.
 * @param {string} text
 */
export function parseMarkdown(text) {
  const src = text ?? '';
  const lines = src.split('\n');
  const tokens = md.parse(src, {});
  /** @type {[number, number][]} */
  const spans = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.level !== 0 || t.nesting === -1) continue;
    let j = i;
    if (t.nesting === 1) {
      let depth = 0;
      for (; j < tokens.length; j++) {
        depth += tokens[j].nesting;
        if (depth === 0) break;
      }
    }
    if (t.map) spans.push([t.map[0], t.map[1]]);
    i = j;
  }
  // Lines between blocks: blank, or link reference definitions (no tokens).
  /** @type {{from: number, to: number, source: string}[]} */
  const blocks = [];
  let at = 0;
  const trimmed = (/** @type {number} */ from, /** @type {number} */ to) => {
    while (to > from && lines[to - 1].trim() === '') to--;
    while (from < to && lines[from].trim() === '') from++;
    return [from, to];
  };
  const push = (/** @type {number} */ from, /** @type {number} */ to) => {
    [from, to] = trimmed(from, to);
    if (to > from) blocks.push({ from, to, source: lines.slice(from, to).join('\n') });
  };
  /** @type {string[]} */
  const refs = [];
  for (const [from, to] of spans) {
    if (from > at) {
      const [f, t] = trimmed(at, from);
      if (t > f) refs.push(lines.slice(f, t).join('\n'));
      push(at, from);
    }
    push(from, to);
    at = Math.max(at, to);
  }
  if (at < lines.length) {
    const [f, t] = trimmed(at, lines.length);
    if (t > f) refs.push(lines.slice(f, t).join('\n'));
    push(at, lines.length);
  }
  const refText = refs.length ? '\n\n' + refs.join('\n\n') + '\n' : '';
  const parse = ++parses;
  /** @type {import('prosemirror-model').Node[]} */
  const nodes = [];
  let prevTo = -1;
  blocks.forEach((b, seq) => {
    const isRef = refs.includes(b.source);
    const node = isRef ? rawNode(b.source) : blockNode(b.source, refText);
    const gap =
      prevTo < 0
        ? ''
        : '\n' +
          lines
            .slice(prevTo, b.from)
            .map((l) => l + '\n')
            .join('');
    const info = { source: b.source, gap, seq, parse, lead: '', trail: '' };
    if (seq === 0)
      info.lead = lines
        .slice(0, b.from)
        .map((l) => l + '\n')
        .join('');
    if (seq === blocks.length - 1)
      info.trail = lines
        .slice(b.to)
        .map((l) => '\n' + l)
        .join('');
    sources.set(node, info);
    prevTo = b.to;
    nodes.push(node);
  });
  if (!nodes.length) nodes.push(schema.nodes.paragraph.create());
  return schema.nodes.doc.create(null, nodes);
}

/**
 * The Markdown of a document. Blocks parsed from stored text and left alone
 * are written as they were stored (with the lines between them); the rest is
 * written by the serializer.
 * @param {import('prosemirror-model').Node} doc
 * @param {import('prosemirror-model').Node} [from] the document the stored text gave, whose blocks count as unedited where equal
 */
export function serializeDoc(doc, from) {
  /** @type {import('prosemirror-model').Node[]} */
  const olds = [];
  from?.forEach((n) => olds.push(n));
  let out = '';
  /** @type {Source | undefined} */
  let prev;
  /** @type {Source | undefined} */
  let last;
  /** @type {import('prosemirror-model').Node | undefined} */
  let prevNode;
  doc.forEach((node, _offset, index) => {
    let info = sources.get(node);
    if (!info) {
      const old = olds.find((o) => o.eq(node) && sources.has(o));
      if (old) info = sources.get(old);
    }
    let text;
    if (info) text = info.source;
    else if (node.type.name === 'paragraph' && node.content.size === 0) text = '';
    else {
      let n = node;
      // Two bullet lists in a row would read as one: alternate the bullet.
      if (prevNode && prevNode.type === node.type && node.type.name === 'bullet_list' && prevNode.attrs.bullet === node.attrs.bullet)
        n = node.type.create({ ...node.attrs, bullet: node.attrs.bullet === '-' ? '*' : '-' }, node.content);
      text = serializer.serialize(schema.nodes.doc.create(null, [n])).replace(/\n+$/, '');
    }
    if (text !== '') {
      if (out !== '') out += info && prev && info.parse === prev.parse && info.seq === prev.seq + 1 ? info.gap : '\n\n';
      else if (info) out += info.lead;
      out += text;
      prev = info;
      prevNode = node;
      last = info;
    }
    void index;
  });
  return last ? out + last.trail : out;
}

/** Renders stored Markdown for display (raw HTML shown as text). */
export function renderDisplay(/** @type {string} */ text) {
  return mdDisplay.render(text ?? '');
}

/** For tests: whether two Markdown texts render the same (white space folded). */
export function sameRendering(/** @type {string} */ a, /** @type {string} */ b) {
  return fold(md.render(a)) === fold(md.render(b));
}
