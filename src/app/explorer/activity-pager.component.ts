import { ChangeDetectionStrategy, Component, input } from '@angular/core';

import type { PagedLiveView } from '../read-model/paged-live-view';

/** Newer and Older for one of an address's lists, and the list's reading or failure in words. */
@Component({
  selector: 'app-activity-pager',
  template: `@let v = view();
    @if (v.state() === 'loading') {<p role="status">Loading {{ what() }}…</p>}
    @if (v.state() === 'failed') {
      <p class="problem" role="alert">{{ what() }} cannot be shown: {{ v.error()?.message }} <button type="button" (click)="v.reload()">Try again</button></p>
    }
    @if (v.hasPrevious() || v.hasNext()) {
      <nav class="pager" [attr.aria-label]="what() + ' pages'">
        <button type="button" [disabled]="!v.hasPrevious()" (click)="v.showPage(v.pageIndex() - 1)">← Newer</button>
        <span class="muted">Page {{ v.pageIndex() + 1 }}</span>
        <button type="button" [disabled]="!v.hasNext()" (click)="v.showPage(v.pageIndex() + 1)">Older →</button>
      </nav>
    }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ActivityPagerComponent {
  readonly view = input.required<PagedLiveView<unknown>>();
  /** What the list holds, capitalised ("Trades"). */
  readonly what = input.required<string>();
}
