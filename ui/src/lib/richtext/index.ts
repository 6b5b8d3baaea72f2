// The rich-text editor as one chunk, loaded when the first text field is
// near the screen (MarkdownEditor.svelte), so that ProseMirror and the
// Markdown parser stay out of the editor's first script.
import 'prosemirror-view/style/prosemirror.css';
export { EditorView } from 'prosemirror-view';
export { TextSelection } from 'prosemirror-state';
export { toggleMark } from 'prosemirror-commands';
export { renderDisplay, serializeDoc } from './markdown-doc.js';
export * from './editor';
