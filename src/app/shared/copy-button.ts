import { ChangeDetectionStrategy, Component, input, signal } from '@angular/core';

/** Copies a value to the clipboard and says so for a moment. */
@Component({
  selector: 'app-copy-button',
  template: `
    <button type="button" class="icon-button" (click)="copyValue()" [attr.aria-label]="'Copy ' + what()">
      {{ copied() ? 'Copied' : 'Copy' }}
    </button>
    <span class="visually-hidden" aria-live="polite">{{ copied() ? what() + ' copied' : '' }}</span>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CopyButton {
  readonly value = input.required<string>();
  /** What is copied, for the button's accessible name: "address". */
  readonly what = input('value');
  protected readonly copied = signal(false);
  private timer?: ReturnType<typeof setTimeout>;

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
