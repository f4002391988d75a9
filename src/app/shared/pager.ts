import { ChangeDetectionStrategy, Component, computed, input, model } from '@angular/core';

const digits = new Intl.NumberFormat('en-US');

/** 10000 as a person reads it: "10,000". */
function grouped(value: number): string {
  return digits.format(value);
}

/**
 * Previous / next over pages of a long table, with where you are in words.
 * With a `total` it says "Page 2 of 400 (26–50 of 10,000)"; without one (a
 * list read a page at a time, whose length is not counted) "Page 2 (21–40)".
 * `hasNext`, when given, says whether a next page exists (the server said so).
 */
@Component({
  selector: 'app-pager',
  template: `
    @if (hasPrevious() || canGoNext()) {
      <nav class="pager" [attr.aria-label]="label()">
        <button type="button" (click)="showPage(page() - 1)" [disabled]="!hasPrevious()">Previous</button>
        <span aria-live="polite">{{ whereText() }}</span>
        <button type="button" (click)="showPage(page() + 1)" [disabled]="!canGoNext()">Next</button>
      </nav>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Pager {
  /** How many items in all; null when not counted. */
  readonly total = input<number | null>(null);
  readonly pageSize = input.required<number>();
  /** Items on the shown page, when the list is read a page at a time. */
  readonly shown = input<number | null>(null);
  /** Whether a next page exists, when the server says so; otherwise judged from `total`. */
  readonly hasNext = input<boolean | null>(null);
  readonly label = input('Pages');
  /** Zero-based page shown. */
  readonly page = model(0);

  private readonly pageCount = computed(() => {
    const total = this.total();
    return total === null ? null : Math.max(1, Math.ceil(total / this.pageSize()));
  });
  protected readonly hasPrevious = computed(() => this.page() > 0);
  protected readonly canGoNext = computed(() => {
    const hasNext = this.hasNext();
    if (hasNext !== null) return hasNext;
    const count = this.pageCount();
    return count !== null && this.page() < count - 1;
  });
  protected readonly whereText = computed(() => {
    const first = this.page() * this.pageSize() + 1;
    const total = this.total();
    const onPage = this.shown() ?? this.pageSize();
    const last = Math.max(first, total === null ? first + onPage - 1 : Math.min(total, first + onPage - 1));
    const count = this.pageCount();
    if (total === null || count === null) return `Page ${grouped(this.page() + 1)} (${grouped(first)}–${grouped(last)})`;
    return `Page ${grouped(this.page() + 1)} of ${grouped(Math.max(count, this.page() + 1))} (${grouped(first)}–${grouped(last)} of ${grouped(total)})`;
  });

  protected showPage(page: number): void {
    if (page < this.page() ? !this.hasPrevious() : !this.canGoNext()) return;
    this.page.set(Math.max(0, page));
  }
}
