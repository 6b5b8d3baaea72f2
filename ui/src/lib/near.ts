// Work put off until an element comes near the visible part of its scroll
// area. One IntersectionObserver per scroll area, shared by every element in
// it: a lesson with many fields costs one observer, not one each.

/** How near is near: a screenful or so above and below. */
const MARGIN = '600px 0px';
const waiting = new Map<Element, () => void>();
const observers = new Map<Element | null, IntersectionObserver>();

/**
 * Calls `run` once, when `el` is within MARGIN of the visible part of its
 * scroll area (at once if it is already there). Returns a function that
 * cancels the call if it has not been made.
 */
export function whenNear(el: Element, run: () => void): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    run();
    return () => {};
  }
  // The margin applies to the observer's root only: with the viewport as the
  // root, a field just below its scroll area would count as far away.
  const root = scrollArea(el);
  let observer = observers.get(root);
  if (!observer) {
    observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          const call = waiting.get(entry.target);
          forget(entry.target);
          call?.();
        }
      },
      { root, rootMargin: MARGIN },
    );
    observers.set(root, observer);
  }
  waiting.set(el, run);
  observer.observe(el);
  return () => forget(el);
}

function forget(el: Element) {
  waiting.delete(el);
  for (const observer of observers.values()) observer.unobserve(el);
}

/** The nearest ancestor of `el` that scrolls vertically (null: the viewport). */
function scrollArea(el: Element): Element | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const overflow = getComputedStyle(p).overflowY;
    if (overflow === 'auto' || overflow === 'scroll') return p;
  }
  return null;
}
