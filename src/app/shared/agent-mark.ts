import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * Marks an order or trade of a household's automatic-trading agent, wherever
 * one is shown (My trades, the market, the explorer), in one look and wording.
 */
@Component({
  selector: 'app-agent-mark',
  template: `<span class="badge badge-agent" [title]="title()">{{ text() }}</span>`,
  styles: `.badge-agent { background: var(--accent-soft); color: var(--accent); border: 1px solid currentColor; margin-inline-start: 0.35rem; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AgentMark {
  /** "Automatic", or e.g. "By my agent". */
  readonly text = input('Automatic');
  readonly title = input("Placed by the household's automatic-trading agent, within the limits the household set on chain");
}
