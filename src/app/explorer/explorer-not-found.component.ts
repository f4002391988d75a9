import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

import { explorerLink } from './explorer-links';

/** An explorer path that names no page (a mistyped link). */
@Component({
  selector: 'app-explorer-not-found',
  imports: [RouterLink],
  template: `<h2>No such page</h2>
    <p role="alert">The explorer has pages for blocks, transactions and addresses only. Use the search box above, or go to the <a [routerLink]="home">latest blocks</a>.</p>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExplorerNotFoundComponent {
  protected readonly home = explorerLink();
}
