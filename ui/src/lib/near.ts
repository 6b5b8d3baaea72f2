// Work put off until an element comes near the visible part of its scroll
// area. One IntersectionObserver per scroll area, shared by every element in
// it: a lesson with many fields costs one observer, not one each.

/** How near is near: a screenful or so above and below. */
const MARGIN = '600px 0px';
/** The elements still waiting, with what to run and the observer watching them. */
const waiting = new Map<Element, { run: () => void; observer: IntersectionObserver }>();
/** Observers by scroll area; weak, so an area taken out of the page is not kept. */
const byArea = new WeakMap<Element, IntersectionObserver>();
let byViewport: IntersectionObserver | undefined;

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
  const observer = observerOf(scrollArea(el));
  waiting.set(el, { run, observer });
  observer.observe(el);
  return () => forget(el);
}

function observerOf(area: Element | null): IntersectionObserver {
  let observer = area ? byArea.get(area) : byViewport;
  if (!observer) {
    // The margin applies to the observer's root only: with the viewport as
    // the root, a field just below its scroll area would count as far away.
    observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const wait = entry.isIntersecting ? waiting.get(entry.target) : undefined;
          if (!wait) continue;
          forget(entry.target);
          wait.run();
        }
      },
      { root: area, rootMargin: MARGIN },
    );
    if (area) byArea.set(area, observer);
    else byViewport = observer;
  }
  return observer;
}

function forget(el: Element) {
  const wait = waiting.get(el);
  if (!wait) return;
  waiting.delete(el);
  wait.observer.unobserve(el);
}

/** The nearest ancestor of `el` that scrolls vertically (null: the viewport). */
function scrollArea(el: Element): Element | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const overflow = getComputedStyle(p).overflowY;
    if (overflow === 'auto' || overflow === 'scroll') return p;
  }
  return null;
}
