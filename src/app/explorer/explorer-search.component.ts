import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { Router } from '@angular/router';

import { explainRpcFailure } from './explorer-error';
import { EXPLORER_READER } from './explorer-reader.token';

/** The explorer's one search box: block number, block hash, transaction hash or address. */
@Component({
  selector: 'app-explorer-search',
  imports: [ReactiveFormsModule],
  template: `<form class="search" role="search" [formGroup]="form" (ngSubmit)="search()">
    <label for="explorer-search-input">Search blocks, transactions and addresses</label>
    <div class="search-row">
      <input
        id="explorer-search-input"
        type="search"
        formControlName="query"
        placeholder="Block number, block or transaction hash, address"
        autocomplete="off"
        autocapitalize="off"
        spellcheck="false"
        aria-describedby="explorer-search-message"
      />
      <button type="submit" [disabled]="searching()">{{ searching() ? 'Searching…' : 'Search' }}</button>
    </div>
    <p id="explorer-search-message" class="search-message" role="alert">{{ message() }}</p>
  </form>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExplorerSearchComponent {
  private readonly reader = inject(EXPLORER_READER);
  private readonly router = inject(Router);
  protected readonly form = new FormGroup({ query: new FormControl('', { nonNullable: true }) });
  protected readonly searching = signal(false);
  protected readonly message = signal('');

  protected async search(): Promise<void> {
    if (this.searching()) return;
    this.searching.set(true);
    this.message.set('');
    try {
      const outcome = await this.reader.search(this.form.controls.query.value);
      if (outcome.kind === 'found') {
        await this.router.navigateByUrl(outcome.path);
        this.form.reset();
      } else {
        this.message.set(outcome.message);
      }
    } catch (failure) {
      this.message.set(explainRpcFailure(failure).message);
    } finally {
      this.searching.set(false);
    }
  }
}
