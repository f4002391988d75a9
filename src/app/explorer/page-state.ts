import { type Signal, computed, signal } from '@angular/core';

import { type ExplorerError, explainRpcFailure } from './explorer-error';

/** What an explorer page shows: loading, the data, or why there is none. */
export type PageState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly value: T; readonly staleBecause: string | null }
  | { readonly status: 'failed'; readonly error: ExplorerError };

/**
 * Runs a page's reads and keeps the latest answer as a signal. Only the
 * latest load may write (a slow answer to an old route never overwrites a
 * newer one). A quiet refresh (a new block) keeps the page on screen and, if
 * it fails, says the figures may be out of date instead of blanking them.
 */
export class PageLoader<T> {
  private readonly current = signal<PageState<T>>({ status: 'loading' });
  private generation = 0;
  private stopped = false;

  readonly state: Signal<PageState<T>> = this.current.asReadonly();

  /** Why the page has nothing to show, when its last load failed. */
  readonly failure: Signal<ExplorerError | undefined> = computed(() => {
    const s = this.current();
    return s.status === 'failed' ? s.error : undefined;
  });

  async load(work: () => Promise<T>, quiet = false): Promise<void> {
    if (this.stopped) return;
    const generation = ++this.generation;
    const before = this.current();
    const keepShowing = quiet && before.status === 'loaded';
    if (!keepShowing) this.current.set({ status: 'loading' });
    try {
      const value = await work();
      if (generation === this.generation) this.current.set({ status: 'loaded', value, staleBecause: null });
    } catch (failure) {
      if (generation !== this.generation) return;
      const error = explainRpcFailure(failure);
      const shown = this.current();
      if (keepShowing && shown.status === 'loaded') this.current.set({ ...shown, staleBecause: error.message });
      else this.current.set({ status: 'failed', error });
    }
  }

  /** Drops answers still on their way: call when the page goes away. */
  stop(): void {
    this.stopped = true;
    this.generation++;
  }

  /** The shown value, if any. */
  value(): T | undefined {
    const shown = this.current();
    return shown.status === 'loaded' ? shown.value : undefined;
  }
}
