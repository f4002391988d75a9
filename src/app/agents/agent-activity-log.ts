import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, input, signal, untracked } from '@angular/core';

import { ChainHead } from '../chain/chain-head';
import { toAppError } from '../core/to-app-error';
import { ExplorerLink } from '../shared/explorer-link';
import type { AgentActivityEntry } from './agent-api';
import { AgentServiceClient } from './agent-service-client';

const PAGE = 20;

/**
 * What the household's agent did and why, newest first, in the service's words
 * ("Sold 120 Wh to Amina at 22:00 …"). Re-read at every new block (the agent's
 * trades are transactions), older entries a page at a time.
 */
@Component({
  selector: 'app-agent-activity-log',
  imports: [ExplorerLink],
  template: `
    <section class="card" aria-labelledby="agent-activity-heading">
      <h2 id="agent-activity-heading">What your agent did</h2>
      @if (problem(); as p) {
        <div class="problem" role="alert">
          <p>{{ p }}</p>
          <button type="button" (click)="reload()">Try again</button>
        </div>
      }
      @if (entries() === null && !problem()) {
        <p class="hint" role="status"><span class="spinner" aria-hidden="true"></span> Loading what your agent did…</p>
      } @else if (entries(); as list) {
        <ol class="events agent-activity" data-testid="agent-activity">
          @for (e of list; track e.id) {
            <li [attr.data-kind]="e.kind">
              <span class="muted">{{ e.timeOfDay }}</span> {{ e.text }}
              @if (e.transactionHash) {— <app-explorer-link target="tx" [value]="e.transactionHash" />}
            </li>
          } @empty {
            <li class="muted">Nothing yet.</li>
          }
        </ol>
        @if (next() !== null) {
          <button type="button" (click)="older()" [disabled]="loadingOlder()">Show older</button>
        }
      }
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AgentActivityLog {
  private readonly client = inject(AgentServiceClient);
  readonly household = input.required<string>();

  protected readonly entries = signal<readonly AgentActivityEntry[] | null>(null);
  protected readonly next = signal<number | null>(null);
  protected readonly problem = signal<string | null>(null);
  protected readonly loadingOlder = signal(false);
  private olderLoaded = false;

  constructor() {
    effect(() => {
      const household = this.household();
      untracked(() => {
        this.entries.set(null);
        this.olderLoaded = false;
        void this.reload(household);
      });
    });
    const subscription = inject(ChainHead).newBlocks$.subscribe(() => void this.refresh());
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  async reload(household = this.household()): Promise<void> {
    this.problem.set(null);
    try {
      const page = await this.client.activity(household, PAGE);
      if (household !== this.household()) return;
      this.entries.set(page.entries);
      this.next.set(page.next);
    } catch (error) {
      if (household === this.household()) this.problem.set(`What your agent did cannot be shown: ${toAppError(error).message}`);
    }
  }

  /** New entries on top, the older pages already shown kept. */
  private async refresh(): Promise<void> {
    // The head replays its last block at once, before the inputs are set: the first read is the effect's.
    const shown = this.entries();
    if (!shown) return;
    const household = this.household();
    if (!this.olderLoaded) return this.reload(household);
    try {
      const page = await this.client.activity(household, PAGE);
      if (household !== this.household()) return;
      const newest = shown[0]?.id ?? 0;
      this.entries.set([...page.entries.filter((e) => e.id > newest), ...shown]);
    } catch {
      // Keep what is shown; the next block tries again.
    }
  }

  protected async older(): Promise<void> {
    const household = this.household();
    const before = this.next();
    if (before === null) return;
    this.loadingOlder.set(true);
    try {
      const page = await this.client.activity(household, PAGE, before);
      if (household !== this.household()) return;
      this.olderLoaded = true;
      this.entries.update((shown) => [...(shown ?? []), ...page.entries]);
      this.next.set(page.next);
    } catch (error) {
      this.problem.set(`Older entries cannot be shown: ${toAppError(error).message}`);
    } finally {
      this.loadingOlder.set(false);
    }
  }
}
