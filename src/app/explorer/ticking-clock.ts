import { DestroyRef, type Signal, inject, signal } from '@angular/core';

/** The current unix time as a signal that ticks, so "12 s ago" stays true; call in an injection context. */
export function tickingNowSeconds(intervalMs = 5000): Signal<number> {
  const now = signal(Date.now() / 1000);
  const timer = setInterval(() => now.set(Date.now() / 1000), intervalMs);
  inject(DestroyRef).onDestroy(() => clearInterval(timer));
  return now.asReadonly();
}
