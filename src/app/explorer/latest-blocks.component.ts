import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';

import { READ_PROVIDER } from '../chain/read-provider';
import { formatUtc, timeAgo } from '../core/time-format';
import { formatInteger } from '../core/units';
import { BlockLinkComponent } from './block-link.component';
import { BLOCKS_PER_PAGE, blockPage, missingNumbers, parsePageTop } from './block-paging';
import { ExplorerProblemComponent } from './explorer-problem.component';
import type { LatestBlocks } from './explorer-reader';
import { EXPLORER_READER } from './explorer-reader.token';
import { explorerLink } from './explorer-links';
import { followNewBlocks } from './new-blocks';
import { PageLoader } from './page-state';
import type { BlockSummary } from './rpc-shapes';
import { tickingNowSeconds } from './ticking-clock';

/** The explorer's home: the latest blocks, live on the newest page, paged by "newer" and "older". */
@Component({
  selector: 'app-latest-blocks',
  imports: [RouterLink, BlockLinkComponent, ExplorerProblemComponent],
  template: `<h2 id="latest-blocks-title">{{ heading() }}</h2>
    @switch (state().status) {
      @case ('loading') {
        <p role="status">Loading blocks…</p>
      }
      @case ('failed') {
        <app-explorer-problem [error]="failure()!" (retry)="reload()" />
      }
      @case ('loaded') {
        <p class="muted" aria-live="polite">
          @if (data()!.page.isLatest) {
            Live: new blocks appear as they are mined. The chain holds {{ data()!.head + 1 }} blocks.
          } @else {
            Blocks #{{ data()!.page.bottom }} to #{{ data()!.page.top }} of {{ data()!.head + 1 }}.
          }
          @if (stale()) {<span class="stale"> {{ stale() }}</span>}
        </p>
        <div class="table-scroll">
          <table class="compact-table" aria-labelledby="latest-blocks-title">
            <thead>
              <tr>
                <th scope="col">Block</th>
                <th scope="col">Hash</th>
                <th scope="col" class="num"><abbr title="Transactions">Txs</abbr></th>
                <th scope="col" class="num wide-only">Gas used</th>
                <th scope="col">Mined</th>
              </tr>
            </thead>
            <tbody>
              @for (row of rows(); track row.hash) {
                <tr>
                  <td data-label="Block"><app-block-link [block]="row.number" /></td>
                  <td data-label="Hash"><app-block-link [block]="row.hash" /></td>
                  <td data-label="Transactions" class="num">{{ row.transactionCount }}</td>
                  <td data-label="Gas used" class="num wide-only">{{ row.gasUsedText }}</td>
                  <td data-label="Mined"><time [attr.datetime]="row.iso" [title]="row.utc">{{ row.ago }}</time></td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <nav class="pager" aria-label="Pages of blocks">
          @if (data()!.page.newerTop !== null) {
            <a [routerLink]="home" [queryParams]="newerParams()">← Newer blocks</a>
            <a [routerLink]="home">Latest</a>
          }
          @if (data()!.page.olderTop !== null) {
            <a [routerLink]="home" [queryParams]="{ from: data()!.page.olderTop }">Older blocks →</a>
          }
        </nav>
      }
    }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LatestBlocksComponent {
  private readonly reader = inject(EXPLORER_READER);
  private readonly loader = new PageLoader<LatestBlocks>();
  private readonly now = tickingNowSeconds();
  private top: number | undefined;

  protected readonly home = explorerLink();
  protected readonly state = this.loader.state;
  protected readonly data = computed(() => {
    const s = this.state();
    return s.status === 'loaded' ? s.value : undefined;
  });
  protected readonly failure = this.loader.failure;
  protected readonly stale = computed(() => {
    const s = this.state();
    return s.status === 'loaded' && s.staleBecause ? `Live updates paused: ${s.staleBecause}` : '';
  });
  protected readonly heading = computed(() => (this.data()?.page.isLatest === false ? 'Blocks' : 'Latest blocks'));
  protected readonly rows = computed(() =>
    (this.data()?.blocks ?? []).map((block: BlockSummary) => ({
      ...block,
      gasUsedText: formatInteger(block.gasUsed),
      iso: new Date(block.timestamp * 1000).toISOString(),
      utc: formatUtc(block.timestamp),
      ago: timeAgo(block.timestamp, this.now()),
    })),
  );
  /** The newer page; the newest of all is the live page, which has no `from`. */
  protected readonly newerParams = computed(() => {
    const page = this.data()?.page;
    return page && page.newerTop !== null && page.newerTop < (this.data()?.head ?? 0) ? { from: page.newerTop } : {};
  });

  constructor() {
    inject(ActivatedRoute)
      .queryParamMap.pipe(takeUntilDestroyed())
      .subscribe((params) => {
        this.top = parsePageTop(params.get('from'));
        void this.reload();
      });
    const stop = followNewBlocks(inject(READ_PROVIDER), (head) => this.followHead(head));
    inject(DestroyRef).onDestroy(() => {
      stop();
      this.loader.stop();
    });
  }

  protected reload(): Promise<void> {
    const top = this.top;
    return this.loader.load(() => this.reader.latestBlocks(top));
  }

  /** On the live page, fetch just the blocks new since the last look, in one batch. */
  private async followHead(head: number): Promise<void> {
    const shown = this.loader.value();
    if (this.top !== undefined || !shown || head <= shown.head) return;
    const page = blockPage(head, undefined, BLOCKS_PER_PAGE);
    const known = new Map(shown.blocks.map((b) => [b.number, b]));
    await this.loader.load(async () => {
      const fresh = await this.reader.blocksByNumber(missingNumbers(page.numbers, new Set(known.keys())));
      for (const block of fresh) known.set(block.number, block);
      const blocks = page.numbers.map((n) => known.get(n)).filter((b): b is BlockSummary => b !== undefined);
      return { head, page, blocks };
    }, true);
  }
}
