import { ChangeDetectionStrategy, Component, computed, input, model } from '@angular/core';

const digits = new Intl.NumberFormat('en-US');

/** 10000 as a person reads it: "10,000". */
function grouped(value: number): string {
  return digits.format(value);
}

/** Previous / next over pages of a long table, with where you are in words. */
@Component({
  selector: 'app-pager',
  template: `
    @if (pageCount() > 1) {
      <nav class="pager" [attr.aria-label]="label()">
        <button type="button" (click)="showPage(page() - 1)" [disabled]="page() === 0">Previous</button>
        <span aria-live="polite">Page {{ grouped(page() + 1) }} of {{ grouped(pageCount()) }} ({{ rangeText() }})</span>
        <button type="button" (click)="showPage(page() + 1)" [disabled]="page() >= pageCount() - 1">Next</button>
      </nav>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Pager {
  readonly total = input.required<number>();
  readonly pageSize = input.required<number>();
  readonly label = input('Pages');
  /** Zero-based page shown. */
  readonly page = model(0);

  protected readonly pageCount = computed(() => Math.max(1, Math.ceil(this.total() / this.pageSize())));
  protected readonly rangeText = computed(() => {
    const first = this.page() * this.pageSize() + 1;
    const last = Math.min(this.total(), first + this.pageSize() - 1);
    return `${grouped(first)}–${grouped(last)} of ${grouped(this.total())}`;
  });

  protected readonly grouped = grouped;

  protected showPage(page: number): void {
    this.page.set(Math.min(Math.max(0, page), this.pageCount() - 1));
  }
}
