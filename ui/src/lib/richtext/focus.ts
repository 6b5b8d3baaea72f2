// Ctrl+K is the command palette, except in a rich-text field, where it links
// the selection (the desktop menu's accelerator reaches the page as the menu
// item, so the item asks the focused field first).

/** Asks the focused rich-text field, if any, for its link box; whether there was one. */
export function linkInFocusedEditor(): boolean {
  const el = document.activeElement;
  if (el instanceof HTMLElement && el.classList.contains('rt-content')) {
    el.dispatchEvent(new CustomEvent('trellis:link'));
    return true;
  }
  return false;
}
