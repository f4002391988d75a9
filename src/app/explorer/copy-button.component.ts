import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, signal } from '@angular/core';

/** A small button that copies a full hash or address, since links show them shortened. */
@Component({
  selector: 'app-copy-button',
  template: `<button
      type="button"
      class="copy-button"
      [attr.aria-label]="copied() ? 'Copied' : 'Copy ' + what() + ' ' + value()"
      [title]="copied() ? 'Copied' : 'Copy ' + what()"
      (click)="copyValue()"
    >@if (copied()) {<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M3 8.5l3 3 7-7" /></svg>} @else {<svg
          viewBox="0 0 16 16"
          aria-hidden="true"
        ><rect x="5" y="5" width="8" height="9" rx="1.5" /><path d="M3 11V3.5A1.5 1.5 0 0 1 4.5 2H10" /></svg>}</button>`,
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
export class CopyButtonComponent {
  readonly value = input.required<string>();
  /** What is copied, for the button's label: "address", "hash". */
  readonly what = input('value');
  protected readonly copied = signal(false);
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

  protected async copyValue(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.value());
      this.copied.set(true);
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.copied.set(false), 1500);
    } catch {
      // No clipboard (insecure origin, denied): the full value stays in the link's title to select by hand.
      this.copied.set(false);
    }
  }
}
