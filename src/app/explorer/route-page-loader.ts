import { DestroyRef, type Signal, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute } from '@angular/router';

import type { ExplorerError } from './explorer-error';
import { PageLoader, type PageState } from './page-state';

/** A page that shows one thing named by a route parameter (a block, a transaction, an address). */
export interface RoutePage<T> {
  readonly state: Signal<PageState<T>>;
  /** Why the page has nothing to show, when its last load failed. */
  readonly failure: Signal<ExplorerError | undefined>;
  /** The route parameter as written in the URL. */
  readonly key: Signal<string>;
  /** Loads the thing again from scratch (a new route, or the “Try again” button). */
  reload(): Promise<void>;
  /** Loads it again keeping the shown page (a new block); a failure only marks it out of date. */
  refresh(): Promise<void>;
  /** The shown value, if any. */
  value(): T | undefined;
}

/**
 * Loads the page for each value of route parameter `param`, and drops late
 * answers when the page goes away. Call from a component's constructor or
 * field initializers: the first load starts at once, so whatever `read` and
 * `onNewKey` use must already be set.
 */
export function loadOnRouteParam<T>(param: string, read: (key: string) => Promise<T>, onNewKey?: () => void): RoutePage<T> {
  const loader = new PageLoader<T>();
  const key = signal('');
  const load = (quiet: boolean) => {
    const current = key();
    return loader.load(() => read(current), quiet);
  };
  inject(DestroyRef).onDestroy(() => loader.stop());
  inject(ActivatedRoute)
    .paramMap.pipe(takeUntilDestroyed())
    .subscribe((params) => {
      key.set(params.get(param) ?? '');
      onNewKey?.();
      void load(false);
    });
  return {
    state: loader.state,
    failure: loader.failure,
    key: key.asReadonly(),
    reload: () => load(false),
    refresh: () => load(true),
    value: () => loader.value(),
  };
}
