import { ChangeDetectionStrategy, Component, ViewEncapsulation } from '@angular/core';
import { RouterLink, RouterOutlet } from '@angular/router';

import { ExplorerSearchComponent } from './explorer-search.component';
import { explorerLink } from './explorer-links';

/**
 * The frame of every explorer page: its title, the search box, and the page.
 * Holds the explorer's shared look; unencapsulated but scoped under `.explorer`.
 */
@Component({
  selector: 'app-explorer-shell',
  imports: [RouterOutlet, RouterLink, ExplorerSearchComponent],
  template: `<section class="explorer" aria-labelledby="explorer-title">
    <header class="explorer-header">
      <h1 id="explorer-title"><a [routerLink]="home">Block explorer</a></h1>
      <p class="explorer-lead">Every block, transaction and trade on the community chain, for anyone to check.</p>
      <app-explorer-search />
    </header>
    <router-outlet />
  </section>`,
  styles: `
    .explorer { --ex-border: var(--border, #d0d7de); --ex-muted: var(--muted, #57606a);
      --ex-ok: var(--accent, #1a7f37); --ex-bad: var(--danger, #cf222e); --ex-warn: var(--warning, #9a6700); --ex-accent: var(--accent, #0969da);
      max-width: 72rem; margin: 0 auto; padding: 1rem; line-height: 1.45; }
    .explorer h1 { font-size: 1.5rem; margin: 0; }
    .explorer h1 a { color: inherit; text-decoration: none; }
    .explorer h2 { font-size: 1.25rem; margin: 1.5rem 0 0.5rem; }
    .explorer h3 { font-size: 1.05rem; margin: 1rem 0 0.4rem; }
    .explorer a { color: var(--ex-accent); }
    .explorer-lead, .explorer .muted { color: var(--ex-muted); }
    .explorer-lead { margin: 0.25rem 0 0.75rem; }
    .explorer .search label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
    .explorer .search-row { display: flex; gap: 0.5rem; }
    .explorer .search input { flex: 1; min-width: 0; font: inherit; padding: 0.5rem; border: 1px solid var(--ex-border); border-radius: 6px; }
    .explorer button:not(.copy-button) { font: inherit; padding: 0.45rem 0.9rem; border-radius: 6px; border: 1px solid var(--ex-border);
      background: var(--card, #fff); cursor: pointer; }
    .explorer button:disabled { cursor: default; opacity: 0.6; }
    .explorer :focus-visible { outline: 2px solid var(--ex-accent); outline-offset: 2px; }
    .explorer .search-message { min-height: 1.4em; margin: 0.35rem 0 0; color: var(--ex-bad); }
    .explorer .table-scroll { overflow-x: auto; }
    .explorer table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    .explorer th, .explorer td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--ex-border); vertical-align: top; }
    .explorer th { font-weight: 600; white-space: nowrap; }
    .explorer td.num, .explorer th.num { text-align: right; }
    .explorer dl.facts { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: 0.35rem 1rem; margin: 0; }
    .explorer dl.facts dt { font-weight: 600; color: var(--ex-muted); }
    .explorer dl.facts dd { margin: 0; overflow-wrap: anywhere; }
    .explorer .mono { font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
    .explorer .status-success { color: var(--ex-ok); font-weight: 600; }
    .explorer .status-failed { color: var(--ex-bad); font-weight: 600; }
    .explorer .status-pending, .explorer .stale { color: var(--ex-warn); font-weight: 600; }
    .explorer .tag { display: inline-block; font-size: 0.8em; padding: 0 0.45em; border-radius: 1em; border: 1px solid var(--ex-border);
      margin-left: 0.35em; white-space: nowrap; }
    .explorer .pager { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; margin: 0.75rem 0; }
    .explorer .events { padding-left: 1.25rem; }
    .explorer .events li { margin: 0.4rem 0; }
    .explorer details { margin: 0.25rem 0; }
    .explorer summary { cursor: pointer; }
    .explorer .problem { border: 1px solid var(--ex-bad); border-radius: 6px; padding: 0.25rem 0.9rem; margin: 1rem 0; }
    .explorer .problem a { margin-left: 1rem; }
    /* The app stacks tables into cards below 800px; each cell carries its data-label. */
    @media (max-width: 800px) {
      .explorer { padding: 0.25rem 0; }
      .explorer td.num { text-align: left; }
      .explorer td { border-bottom: none; }
      /* A compact table stays a table on phones: a list of blocks reads better in rows than in cards. */
      .explorer table.compact-table { display: table; }
      .explorer table.compact-table thead { position: static; display: table-header-group; }
      .explorer table.compact-table tbody { display: table-row-group; }
      .explorer table.compact-table tr { display: table-row; }
      .explorer table.compact-table th, .explorer table.compact-table td {
        display: table-cell; width: auto; padding: 0.35rem 0.3rem; border-bottom: 1px solid var(--ex-border); }
      .explorer table.compact-table td.num { text-align: right; }
      .explorer table.compact-table td::before { content: none; }
      .explorer .compact-table .wide-only { display: none; }
      .explorer dl.facts { grid-template-columns: 1fr; gap: 0; }
      .explorer dl.facts dd { margin-bottom: 0.5rem; }
    }
  `,
  encapsulation: ViewEncapsulation.None,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExplorerShellComponent {
  protected readonly home = explorerLink();
}
