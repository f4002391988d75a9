/**
 * Small DOM helpers for component specs: find controls the way a person (or a
 * screen reader) does, by their label or their text. Test-only.
 */

/** The form control whose <label> says `text`: fails if the control is not labelled. */
export function controlByLabel<T extends HTMLElement = HTMLInputElement>(root: ParentNode, text: string | RegExp): T {
  const labels = [...root.querySelectorAll('label')].filter((label) => matches(label.textContent ?? '', text));
  if (labels.length === 0) throw new Error(`No label says ${String(text)}`);
  const control = labels[0].htmlFor ? document.getElementById(labels[0].htmlFor) : labels[0].querySelector('input, select');
  if (!control) throw new Error(`The label ${String(text)} points at no control`);
  return control as T;
}

/** The button whose visible or accessible text says `text`. */
export function buttonByText(root: ParentNode, text: string | RegExp): HTMLButtonElement {
  const button = [...root.querySelectorAll('button')].find((candidate) => matches(normalise(candidate.textContent ?? ''), text));
  if (!button) throw new Error(`No button says ${String(text)}`);
  return button;
}

export function queryButton(root: ParentNode, text: string | RegExp): HTMLButtonElement | undefined {
  return [...root.querySelectorAll('button')].find((candidate) => matches(normalise(candidate.textContent ?? ''), text));
}

/** Types into an input as a person would: value, input event, then leaving the field. */
export function typeInto(control: HTMLInputElement, value: string): void {
  control.focus();
  control.value = value;
  control.dispatchEvent(new Event('input', { bubbles: true }));
  control.dispatchEvent(new Event('blur'));
}

export function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

/** The element's text with runs of white space made single. */
export function textOf(element: Element | null | undefined): string {
  return normalise(element?.textContent ?? '');
}

/** What a sighted person reads: the element's text without its visually-hidden parts. */
export function visibleText(element: Element): string {
  const copy = element.cloneNode(true) as Element;
  copy.querySelectorAll('.visually-hidden').forEach((hidden) => hidden.remove());
  return normalise(copy.textContent ?? '');
}

/**
 * The accessible name of a link or button named by its content (no aria-label,
 * which would replace it): all its text, visually-hidden parts included.
 */
export function nameFromContent(element: Element): string {
  if (element.hasAttribute('aria-label') || element.hasAttribute('aria-labelledby')) {
    throw new Error('This element is named by aria-label / aria-labelledby, not by its content');
  }
  return textOf(element);
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function matches(text: string, expected: string | RegExp): boolean {
  return typeof expected === 'string' ? normalise(text).includes(expected) : expected.test(normalise(text));
}
