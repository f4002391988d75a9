import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';

import { explainRpcFailure } from './explorer-error';
import { ExplorerSearch } from './explorer-search';

/** The explorer's one search box: trade or order number, block number or hash, transaction hash, address or household name. */
@Component({
  selector: 'app-explorer-search',
  imports: [ReactiveFormsModule, RouterLink],
  template: `<form class="search" role="search" [formGroup]="form" (ngSubmit)="search()">
    <label for="explorer-search-input">Search trades, orders, blocks, transactions, addresses and households</label>
    <div class="search-row">
      <input
        id="explorer-search-input"
        type="search"
        formControlName="query"
        placeholder="Trade or order number, block, hash, address, name"
        autocomplete="off"
        autocapitalize="off"
        spellcheck="false"
        aria-describedby="explorer-search-message"
      />
      <button type="submit" [disabled]="searching()">{{ searching() ? 'Searching…' : 'Search' }}</button>
    </div>
    <div id="explorer-search-message" class="search-message" role="alert">
      {{ message() }}
      @if (choices().length > 0) {
        <ul class="search-choices">
          @for (choice of choices(); track choice.path) {
            <li><a [routerLink]="choice.path" (click)="clear()">{{ choice.label }}</a></li>
          }
        </ul>
      }
    </div>
  </form>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExplorerSearchComponent {
  private readonly finder = inject(ExplorerSearch);
  private readonly router = inject(Router);
  protected readonly form = new FormGroup({ query: new FormControl('', { nonNullable: true }) });
  protected readonly searching = signal(false);
  protected readonly message = signal('');
  protected readonly choices = signal<readonly { readonly label: string; readonly path: string }[]>([]);

  protected async search(): Promise<void> {
    if (this.searching()) return;
    this.searching.set(true);
    this.message.set('');
    this.choices.set([]);
    try {
      const outcome = await this.finder.search(this.form.controls.query.value);
      if (outcome.kind === 'found') {
        await this.router.navigateByUrl(outcome.path);
        this.form.reset();
      } else if (outcome.kind === 'choose') {
        this.message.set(outcome.message);
        this.choices.set(outcome.options);
      } else {
        this.message.set(outcome.message);
      }
    } catch (failure) {
      this.message.set(explainRpcFailure(failure).message);
    } finally {
      this.searching.set(false);
    }
  }

  protected clear(): void {
    this.message.set('');
    this.choices.set([]);
    this.form.reset();
  }
}
