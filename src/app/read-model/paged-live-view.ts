import { type Signal, computed, signal } from '@angular/core';
import type { Observable } from 'rxjs';

import type { SocketEvent } from '../chain/rpc-socket';
import type { ApiReadModelUpdate } from './api-shapes';
import { type Applied, LiveView, type Snapshot } from './live-view';

/** Where a page starts: the read API's cursor (null: the first page), and whatever else the page must know. */
export interface PageStart {
  readonly cursor: string | null;
}

export interface PagedSource<P, S extends PageStart> {
  readonly changes: Observable<SocketEvent<ApiReadModelUpdate>>;
  /** The first page's start. */
  readonly first: S;
  read(start: S): Promise<Snapshot<P>>;
  apply(page: P, update: ApiReadModelUpdate): Applied<P>;
  /** Where the page after this one starts; null on the last page. */
  nextStart(page: P): S | null;
}

/**
 * A list read from the read API one keyset page at a time, the shown page
 * kept live (LiveView). Previous and Next walk the pages; each page costs one
 * request, however deep.
 */
export class PagedLiveView<P, S extends PageStart = PageStart> {
  private readonly starts: S[];
  private readonly index = signal(0);
  private readonly view: LiveView<P>;
  /** The first page as last shown, kept while another page is shown. */
  private readonly keptFirst = signal<P | null>(null);

  /** Zero-based index of the shown page. */
  readonly pageIndex: Signal<number> = this.index.asReadonly();
  readonly value: LiveView<P>['value'];
  readonly state: LiveView<P>['state'];
  readonly error: LiveView<P>['error'];
  readonly block: LiveView<P>['block'];
  readonly stale: LiveView<P>['stale'];
  readonly hasPrevious = computed(() => this.index() > 0);
  readonly hasNext: Signal<boolean>;
  /**
   * The first page: live while it is shown, as last shown while another is
   * (the best of the book, for what a new order would cross).
   */
  readonly firstPage = computed(() => (this.index() === 0 ? this.value() : this.keptFirst()));

  constructor(private readonly source: PagedSource<P, S>) {
    this.starts = [source.first];
    this.view = new LiveView<P>({
      changes: source.changes,
      read: () => source.read(this.starts[this.index()]),
      apply: (page, update) => source.apply(page, update),
    });
    this.value = this.view.value;
    this.state = this.view.state;
    this.error = this.view.error;
    this.block = this.view.block;
    this.stale = this.view.stale;
    this.hasNext = computed(() => {
      const page = this.value();
      return page !== null && source.nextStart(page) !== null;
    });
  }

  /** Shows page `index` (zero-based): one step forward or back, or to the first page. */
  showPage(index: number): void {
    const current = this.index();
    if (index === current + 1) {
      const page = this.value();
      const start = page && this.source.nextStart(page);
      if (!start) return;
      this.starts[index] = start;
    } else if (index < 0 || index > current) return;
    if (current === 0 && index > 0) this.keptFirst.set(this.value());
    this.starts.length = index + 1;
    this.index.set(index);
    // Not quiet: the rows shown belong to the page before until the answer comes.
    void this.view.reload(false);
  }

  reload(quiet = false): Promise<void> {
    return this.view.reload(quiet);
  }

  destroy(): void {
    this.view.destroy();
  }
}
