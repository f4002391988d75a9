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
    >{{ copied() ? '✓' : '⧉' }}</button>`,
  styles: `
    .copy-button {
      border: 0; background: none; cursor: pointer; padding: 0 0.25em; font: inherit; color: inherit; opacity: 0.7;
      min-width: 1.5em;
    }
    .copy-button:hover, .copy-button:focus-visible { opacity: 1; }
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
