import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { RouterLink } from '@angular/router';

import type { ExplorerError } from './explorer-error';
import { explorerLink } from './explorer-links';

/** Why a page has nothing to show, in words, with the way out: try again, or back to the latest blocks. */
@Component({
  selector: 'app-explorer-problem',
  imports: [RouterLink],
  template: `<div class="problem" role="alert">
    <p><strong>{{ heading() }}</strong> {{ error().message }}</p>
    <p>
      @if (canRetry()) {<button type="button" (click)="retry.emit()">Try again</button>}
      <a [routerLink]="home">Latest blocks</a>
    </p>
  </div>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExplorerProblemComponent {
  readonly error = input.required<ExplorerError>();
  readonly retry = output<void>();
  protected readonly home = explorerLink();
  protected readonly canRetry = computed(() => this.error().kind !== 'invalid');
  protected readonly heading = computed(() => {
    switch (this.error().kind) {
      case 'not-found':
        return 'Not found.';
      case 'invalid':
        return 'Not a valid search.';
      case 'unreachable':
        return 'Chain unreachable.';
      case 'timeout':
        return 'No answer.';
      default:
        return 'Error.';
    }
  });
}
