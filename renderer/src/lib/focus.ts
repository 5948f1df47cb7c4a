/**
 * Focus after a screen change. When what had focus goes away — the Sign in button of a screen that
 * was replaced, a Connect button that became busy, the Cancel of a flow that ended, a banner that
 * closed — the browser puts focus on <body>, and keyboard and screen-reader users start again from
 * the top. Headings marked with {@link takeFocus} catch it: whenever focus is lost, the heading
 * that appeared last and is still in the page takes it, so they continue where the window now is.
 * Focus that is still somewhere (a navigation button, a field) is left alone.
 */

/** Whether focus has nowhere to be: on <body>, or on an element no longer in the page. */
export function focusLost(active: Element | null = document.activeElement): boolean {
  return active === null || active === document.body || !active.isConnected;
}

/** The headings that may take focus, in the order they appeared. */
const headings: HTMLElement[] = [];
let observer: MutationObserver | null = null;

/** Gives lost focus to the newest heading still in the page. */
function catchLostFocus(): void {
  if (!focusLost()) return;
  for (let i = headings.length - 1; i >= 0; i -= 1) {
    const heading = headings[i]!;
    if (heading.isConnected) {
      heading.focus({ preventScroll: true });
      return;
    }
  }
}

/**
 * Svelte action for a screen's (or a panel's) heading. The heading gets `tabindex="-1"`, so it can
 * hold focus without joining the Tab order, and takes focus when focus is lost while it is the
 * newest such heading in the page (checked after every change of the page).
 */
export function takeFocus(node: HTMLElement): { destroy(): void } {
  if (!node.hasAttribute('tabindex')) node.setAttribute('tabindex', '-1');
  headings.push(node);
  if (!observer) {
    observer = new MutationObserver(catchLostFocus);
    observer.observe(document.body, { childList: true, subtree: true });
  }
  queueMicrotask(catchLostFocus);
  return {
    destroy() {
      const index = headings.indexOf(node);
      if (index >= 0) headings.splice(index, 1);
    },
  };
}

/**
 * A modal dialog's keyboard: Escape cancels (`oncancel`), and Tab / Shift+Tab go round the
 * dialog's controls (those matching `focusable`) instead of leaving it.
 */
export function dialogKeydown(
  event: KeyboardEvent,
  dialog: HTMLElement | null,
  oncancel: () => void,
  focusable: string,
): void {
  if (event.key === 'Escape') {
    event.preventDefault();
    oncancel();
    return;
  }
  if (event.key !== 'Tab' || !dialog) return;
  const list = [...dialog.querySelectorAll<HTMLElement>(focusable)].filter(
    (element) => element.tabIndex >= 0,
  );
  const first = list[0];
  const last = list[list.length - 1];
  if (!first || !last) return;
  const active = document.activeElement;
  if (event.shiftKey && (active === first || !dialog.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !dialog.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}
