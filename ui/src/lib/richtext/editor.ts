// The rich-text editor's behaviour: keys, commands and paste, on ProseMirror
// with the schema of markdown-doc.js. MarkdownEditor.svelte puts it on the page.

import { EditorState, Plugin, TextSelection, type Command, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView, type NodeView } from 'prosemirror-view';
import { keymap } from 'prosemirror-keymap';
import { baseKeymap, toggleMark, setBlockType, chainCommands, exitCode } from 'prosemirror-commands';
import { history, undo, redo } from 'prosemirror-history';
import { wrapInList, splitListItem, liftListItem, sinkListItem } from 'prosemirror-schema-list';
import { inputRules, wrappingInputRule, textblockTypeInputRule } from 'prosemirror-inputrules';
import type { Node, MarkType, NodeType } from 'prosemirror-model';
import { schema, parseMarkdown } from './markdown-doc.js';

export { schema, parseMarkdown };
const N = schema.nodes;
const M = schema.marks;

export function markActive(state: EditorState, type: MarkType): boolean {
  const { from, $from, to, empty } = state.selection;
  if (empty) return !!type.isInSet(state.storedMarks || $from.marks());
  return state.doc.rangeHasMark(from, to, type);
}

/** The list (of either kind) the selection is in, nearest first. */
export function listAround(state: EditorState): { node: Node; pos: number } | undefined {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) {
    const n = $from.node(d);
    if (n.type === N.bullet_list || n.type === N.ordered_list) return { node: n, pos: $from.before(d) };
  }
  return undefined;
}

/** The bullet / numbered list button: makes every selected block an item, switches the kind, or ends the list. */
export function toggleList(type: NodeType): Command {
  return (state, dispatch) => {
    // Whole lists selected (Ctrl+A): switch them all, or end them all.
    const { from, to, $from } = state.selection;
    if ($from.depth === 0) {
      const lists: { node: Node; pos: number }[] = [];
      let other = false;
      state.doc.nodesBetween(from, to, (node, pos) => {
        if (node.type === N.bullet_list || node.type === N.ordered_list) lists.push({ node, pos });
        else if (node.type !== N.paragraph || node.content.size) other = true;
        return false;
      });
      if (lists.length && !other) {
        if (lists.every((l) => l.node.type === type)) {
          if (dispatch) {
            const tr = state.tr;
            for (const l of lists.reverse()) {
              const blocks: Node[] = [];
              l.node.forEach((item) => item.forEach((b) => blocks.push(b)));
              tr.replaceWith(tr.mapping.map(l.pos), tr.mapping.map(l.pos + l.node.nodeSize), blocks);
            }
            dispatch(tr);
          }
          return true;
        }
        if (dispatch) {
          const tr = state.tr;
          for (const l of lists)
            if (l.node.type !== type)
              tr.setNodeMarkup(
                l.pos,
                type,
                type === N.ordered_list ? { order: 1, tight: l.node.attrs.tight } : { tight: l.node.attrs.tight, bullet: '-' },
              );
          dispatch(tr);
        }
        return true;
      }
    }
    const list = listAround(state);
    if (list && list.node.type === type) return liftListItem(N.list_item)(state, dispatch);
    if (list) {
      if (dispatch)
        dispatch(
          state.tr.setNodeMarkup(
            list.pos,
            type,
            type === N.ordered_list ? { order: 1, tight: list.node.attrs.tight } : { tight: list.node.attrs.tight, bullet: '-' },
          ),
        );
      return true;
    }
    return wrapInList(type)(state, dispatch);
  };
}

export function headingActive(state: EditorState, level: number) {
  const { $from } = state.selection;
  return $from.parent.type === N.heading && $from.parent.attrs.level === level;
}

export function toggleHeading(level: number): Command {
  return (state, dispatch) =>
    headingActive(state, level) ? setBlockType(N.paragraph)(state, dispatch) : setBlockType(N.heading, { level })(state, dispatch);
}

/** The link at the caret or over the selection, with its range. */
export function linkAt(state: EditorState): { href: string; from: number; to: number } | undefined {
  const { $from, from, to, empty } = state.selection;
  const mark = M.link.isInSet(empty ? $from.marks().concat($from.nodeAfter?.marks ?? []) : ($from.nodeAfter?.marks ?? []));
  if (!mark) return undefined;
  // Extend over the text that carries the same link.
  const parent = $from.parent;
  const start = $from.start();
  let a = from,
    b = to;
  parent.forEach((child, offset) => {
    const s = start + offset,
      e = s + child.nodeSize;
    if (mark.isInSet(child.marks) && e >= from && s <= to) {
      a = Math.min(a, s);
      b = Math.max(b, e);
    }
  });
  return { href: mark.attrs.href, from: a, to: b };
}

/** Sets (or with an empty address removes) the link over the selection; with nothing selected, inserts the address as linked text. */
export function setLink(view: EditorView, href: string) {
  const { state } = view;
  const existing = linkAt(state);
  const { empty } = state.selection;
  let { from, to } = state.selection;
  if (existing && empty) ({ from, to } = existing);
  let tr = state.tr;
  href = href.trim();
  if (!href) {
    tr = tr.removeMark(from, to, M.link);
  } else if (from === to) {
    tr = tr.insert(from, schema.text(href, [M.link.create({ href })]));
    tr = tr.setSelection(TextSelection.create(tr.doc, from + href.length)).removeStoredMark(M.link);
  } else {
    tr = tr.removeMark(from, to, M.link).addMark(from, to, M.link.create({ href }));
  }
  view.dispatch(tr.scrollIntoView());
}

const hardBreak: Command = chainCommands(exitCode, (state, dispatch) => {
  if (dispatch) dispatch(state.tr.replaceSelectionWith(N.hard_break.create()).scrollIntoView());
  return true;
});

/** Backspace at the start of a list item ends that item's list level. */
const liftAtStart: Command = (state, dispatch) => {
  const { $from, empty } = state.selection;
  if (!empty || $from.parentOffset > 0) return false;
  if ($from.depth < 2 || $from.node(-1).type !== N.list_item || $from.index(-1) !== 0) return false;
  return liftListItem(N.list_item)(state, dispatch);
};

export interface Hooks {
  /** Ctrl+K: ask for the link address. */
  onLink: () => void;
  /** "/" typed in an empty field. */
  onSlash?: () => void;
  placeholder: string;
  headings: boolean;
}

function placeholderPlugin(text: string) {
  return new Plugin({
    props: {
      decorations(state) {
        const d = state.doc;
        if (!text || d.childCount !== 1 || !d.firstChild?.isTextblock || d.firstChild.content.size) return null;
        return DecorationSet.create(d, [Decoration.node(0, d.firstChild.nodeSize, { class: 'rt-placeholder', 'data-placeholder': text })]);
      },
    },
  });
}

export function plugins(h: Hooks): Plugin[] {
  const rules = [
    wrappingInputRule(/^\s*([-+*])\s$/, N.bullet_list),
    wrappingInputRule(
      /^(\d+)\.\s$/,
      N.ordered_list,
      (m) => ({ order: +m[1] }),
      (m, node) => node.childCount + node.attrs.order === +m[1],
    ),
  ];
  if (h.headings) rules.push(textblockTypeInputRule(/^(#{1,6})\s$/, N.heading, (m) => ({ level: m[1].length })));
  return [
    history(),
    inputRules({ rules }),
    keymap({
      'Mod-z': undo,
      'Shift-Mod-z': redo,
      'Mod-y': redo,
      'Mod-b': toggleMark(M.strong),
      'Mod-i': toggleMark(M.em),
      'Mod-k': () => (h.onLink(), true),
      'Shift-Enter': hardBreak,
      'Mod-Enter': hardBreak,
      Enter: splitListItem(N.list_item),
      'Mod-[': liftListItem(N.list_item),
      'Mod-]': sinkListItem(N.list_item),
      Backspace: liftAtStart,
      'Shift-Ctrl-8': toggleList(N.bullet_list),
      'Shift-Ctrl-7': toggleList(N.ordered_list),
    }),
    keymap(baseKeymap),
    placeholderPlugin(h.placeholder),
  ];
}

/**
 * Markdown the editor does not show formatted (a table, HTML, a code
 * block…): its source in a plain text box, edited as text.
 */
export class RawView implements NodeView {
  dom: HTMLElement;
  private box: HTMLTextAreaElement;
  constructor(
    private node: Node,
    view: EditorView,
    getPos: () => number | undefined,
  ) {
    this.dom = document.createElement('div');
    this.dom.className = 'rt-raw';
    this.dom.contentEditable = 'false';
    const note = document.createElement('span');
    note.className = 'rt-raw-note';
    note.textContent = 'Markdown kept as written';
    this.box = document.createElement('textarea');
    this.box.value = node.attrs.source;
    this.box.spellcheck = false;
    this.box.setAttribute('aria-label', 'Markdown kept as written (a table, HTML or code): edit it as text');
    this.size();
    this.box.addEventListener('input', () => {
      const pos = getPos();
      this.size();
      if (pos === undefined || this.box.value === this.node.attrs.source) return;
      view.dispatch(view.state.tr.setNodeMarkup(pos, undefined, { source: this.box.value }));
    });
    this.dom.append(note, this.box);
  }
  private size() {
    this.box.rows = Math.max(2, this.box.value.split('\n').length);
  }
  update(node: Node) {
    if (node.type !== this.node.type) return false;
    this.node = node;
    if (this.box.value !== node.attrs.source) {
      this.box.value = node.attrs.source;
      this.size();
    }
    return true;
  }
  stopEvent(e: Event) {
    return e.target === this.box;
  }
  ignoreMutation() {
    return true;
  }
}

export function createState(doc: Node, h: Hooks): EditorState {
  return EditorState.create({ doc, plugins: plugins(h) });
}

export function isEmpty(doc: Node) {
  return doc.childCount === 1 && !!doc.firstChild?.isTextblock && doc.firstChild.content.size === 0;
}

// ---- Paste ------------------------------------------------------------------

const BULLETS = /^[\u00b7\u2022\u25aa\u25cf\u25e6\u2013\u2014\-o\u00a7\uf0b7\uf0a7\uf0d8]$/;

/**
 * Clipboard HTML made ready for the schema: Word's list paragraphs
 * (`mso-list`) become nested lists, Google Docs' nested lists are put in
 * their items, tables become Markdown tables kept as written, headings
 * become bold paragraphs where the field has none, and what the schema
 * does not know falls to its text (ProseMirror's parser).
 */
export function cleanPastedHTML(html: string, headings: boolean): string {
  // Event handler attributes never reach a document (not even an inert one).
  const handler = /(<[a-z][^>]*?)\son[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;
  for (let before = ''; before !== html;) {
    before = html;
    html = html.replace(handler, '$1');
  }
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const body = doc.body;
  body.querySelectorAll('style, script, meta, link, title, xml, iframe, object, embed, template, noscript').forEach((e) => e.remove());
  body.querySelectorAll('*').forEach((e) => {
    for (const a of Array.from(e.attributes)) if (/^on/i.test(a.name)) e.removeAttribute(a.name);
  });
  // Word: <p class=MsoListParagraph style="mso-list:l0 level2 lfo1"><span style="mso-list:Ignore">·</span>Item</p>
  const paras = Array.from(body.querySelectorAll('p')).filter((p) => /mso-list:\s*l\d+/i.test(p.getAttribute('style') || ''));
  let stack: { list: HTMLElement; level: number; id: string }[] = [];
  let lastPara: Element | null = null;
  for (const p of paras) {
    const style = p.getAttribute('style') || '';
    const level = Number(/level(\d+)/i.exec(style)?.[1] || 1);
    const id = /mso-list:\s*(l\d+)/i.exec(style)?.[1] || 'l0';
    let marker = '';
    p.querySelectorAll('span').forEach((s) => {
      if (/mso-list:\s*ignore/i.test(s.getAttribute('style') || '') && s.isConnected) {
        if (!marker) marker = (s.textContent || '').replace(/\u00a0/g, ' ').trim();
        s.remove();
      }
    });
    const ordered = marker !== '' && !BULLETS.test(marker) && /^[\w]+[.)]?$/.test(marker);
    const contiguous = lastPara && p.previousElementSibling === lastPara;
    if (!contiguous) stack = [];
    while (
      stack.length &&
      (stack[stack.length - 1].level > level || (stack[stack.length - 1].level === level && stack[stack.length - 1].id !== id))
    )
      stack.pop();
    const li = doc.createElement('li');
    const inner = doc.createElement('p');
    while (p.firstChild) inner.appendChild(p.firstChild);
    li.appendChild(inner);
    if (stack.length && stack[stack.length - 1].level === level) {
      stack[stack.length - 1].list.appendChild(li);
    } else {
      const list = doc.createElement(ordered ? 'ol' : 'ul');
      list.appendChild(li);
      if (stack.length) {
        const parentList = stack[stack.length - 1].list;
        (parentList.lastElementChild || parentList).appendChild(list);
      } else {
        p.parentNode?.insertBefore(list, p);
      }
      stack.push({ list, level, id });
    }
    const placeholder = doc.createElement('span');
    p.replaceWith(placeholder);
    lastPara = placeholder;
    // keep adjacency: the placeholder stands where the paragraph was
  }
  body.querySelectorAll('span').forEach((s) => {
    if (!s.textContent && !s.children.length) s.remove();
  });
  // Tables (Word, LibreOffice, Google Docs, web pages): a Markdown table,
  // the first row its header, kept as written (a `raw` block).
  body.querySelectorAll('table').forEach((t) => {
    if (t.parentElement?.closest('table')) return;
    const cell = (c: Element) =>
      (c.textContent || '')
        .replace(/\s+/g, ' ')
        .trim()
        .replace(/([\\`*_[\]<>|])/g, '\\$1');
    const rows = Array.from(t.querySelectorAll('tr'))
      .filter((tr) => tr.closest('table') === t)
      .map((tr) =>
        Array.from(tr.children)
          .filter((c) => /^(TD|TH)$/.test(c.tagName))
          .map(cell),
      );
    const width = Math.max(0, ...rows.map((r) => r.length));
    if (!width) return;
    const line = (r: string[]) => `| ${Array.from({ length: width }, (_, i) => r[i] ?? '').join(' | ')} |`;
    const pre = doc.createElement('pre');
    pre.className = 'rt-raw';
    pre.textContent = [line(rows[0]), `|${' --- |'.repeat(width)}`, ...rows.slice(1).map(line)].join('\n');
    t.replaceWith(pre);
  });
  // Google Docs wraps everything in <b id="docs-internal-guid-…" style="font-weight:normal">.
  body.querySelectorAll('b[id^="docs-internal-guid"]').forEach((b) => b.replaceWith(...Array.from(b.childNodes)));
  // A <br> between two blocks is spacing, not a line of text.
  const BLOCK = /^(P|UL|OL|H[1-6]|DIV|TABLE|BLOCKQUOTE|PRE|HR)$/;
  body.querySelectorAll('br').forEach((br) => {
    const prev = br.previousElementSibling,
      next = br.nextElementSibling;
    if ((prev && BLOCK.test(prev.tagName)) || (next && BLOCK.test(next.tagName))) br.remove();
  });
  // Google Docs and some pages: <ul><li>a</li><ul><li>b</li></ul></ul>
  body.querySelectorAll('ul > ul, ul > ol, ol > ul, ol > ol').forEach((l) => {
    const prev = l.previousElementSibling;
    if (prev && prev.tagName === 'LI') prev.appendChild(l);
  });
  if (!headings) {
    body.querySelectorAll('h1, h2, h3, h4, h5, h6').forEach((h) => {
      const p = doc.createElement('p');
      const b = doc.createElement('strong');
      while (h.firstChild) b.appendChild(h.firstChild);
      p.appendChild(b);
      h.replaceWith(p);
    });
  }
  return body.innerHTML;
}

export type { Transaction };
