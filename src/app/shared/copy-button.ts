import { ChangeDetectionStrategy, Component, DestroyRef, booleanAttribute, inject, input, signal } from '@angular/core';

/**
 * Copies a value to the clipboard and says so for a moment. As a word button
 * ("Copy") beside a value shown in full, or, with `compact`, as an icon beside
 * a value a link shows shortened, its label then carrying the full value.
 */
@Component({
  selector: 'app-copy-button',
  template: `
    @if (compact()) {
      <button
        type="button"
        class="copy-button"
        [attr.aria-label]="copied() ? 'Copied' : 'Copy ' + what() + ' ' + value()"
        [title]="copied() ? 'Copied' : 'Copy ' + what()"
        (click)="copyValue()"
      >@if (copied()) {<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M3 8.5l3 3 7-7" /></svg>} @else {<svg
            viewBox="0 0 16 16"
            aria-hidden="true"
          ><rect x="5" y="5" width="8" height="9" rx="1.5" /><path d="M3 11V3.5A1.5 1.5 0 0 1 4.5 2H10" /></svg>}</button>
    } @else {
      <button type="button" class="icon-button" (click)="copyValue()" [attr.aria-label]="'Copy ' + what()">
        {{ copied() ? 'Copied' : 'Copy' }}
      </button>
      <span class="visually-hidden" aria-live="polite">{{ copied() ? what() + ' copied' : '' }}</span>
    }
  `,
  styles: `
    .copy-button {
      border: 0; background: none; cursor: pointer; padding: 0 0.2em; margin: 0; color: inherit; opacity: 0.65;
      line-height: 1; vertical-align: middle;
    }
    .copy-button:hover, .copy-button:focus-visible { opacity: 1; }
    svg { width: 1em; height: 1em; fill: none; stroke: currentColor; stroke-width: 1.5; stroke-linecap: round; stroke-linejoin: round; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CopyButton {
  readonly value = input.required<string>();
  /** What is copied, for the button's accessible name: "address", "transaction hash". */
  readonly what = input('value');
  /** An icon instead of the word, for tight places such as links in tables. */
  readonly compact = input(false, { transform: booleanAttribute });
  protected readonly copied = signal(false);
  private timer?: ReturnType<typeof setTimeout>;

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

  protected async copyValue(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.value());
    } catch {
      // No clipboard permission (plain http on a LAN): fall back to a selection copy.
      copyBySelection(this.value());
    }
    this.copied.set(true);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.copied.set(false), 2000);
  }
}

function copyBySelection(text: string): void {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  document.execCommand?.('copy');
  area.remove();
}
