import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { map } from 'rxjs';

import type { AgentLimits } from '../chain/market-event';
import { separatorProblemText } from '../core/input-problems';
import { COIN_DECIMALS, currencySymbol, formatEnergy, formatMoney, parseDecimal } from '../core/units';
import { describeAgentLimits } from '../explorer/market-wording';
import { ExplorerLink } from '../shared/explorer-link';
import { type TxHandle, type TxRequest, Transactor } from '../transactions/transactor';
import { TxStatusView } from '../transactions/tx-status-view';
import type { AgentServiceInfo } from './agent-api';
import { HouseholdAgentOnChain, NO_AGENT } from './household-agent-on-chain';
import type { PolicySettings } from './policy-form';

/** The limits the contract enforces, from the policy: its prices and daily caps, so a compromised server can do no more. */
export function limitsOfPolicy(settings: PolicySettings): AgentLimits {
  return {
    maxBuyPrice: settings.maxBoughtPerDayMilliWh === 0n ? 0n : settings.buyCeilingPrice,
    minSellPrice: settings.sellFloorPrice,
    maxBoughtPerDayMilliWh: settings.maxBoughtPerDayMilliWh,
    maxSoldPerDayMilliWh: settings.maxSoldPerDayMilliWh,
    maxSpentPerDayWei: settings.maxSpentPerDayWei,
  };
}

/** A typed amount of money: its problem in words, or its wei. */
export function readMoney(text: string): { readonly wei: bigint } | { readonly problem: string } {
  const parsed = parseDecimal(text, COIN_DECIMALS);
  if (parsed.ok) return { wei: parsed.value };
  const separators = separatorProblemText(parsed);
  if (separators) return { problem: separators };
  switch (parsed.problem) {
    case 'empty':
      return { problem: `Enter an amount in ${currencySymbol()}.` };
    case 'not-a-number':
      return { problem: `The amount must be a number of ${currencySymbol()}, such as 0.5.` };
    case 'too-precise':
      return { problem: `Amounts take at most ${COIN_DECIMALS} decimals.` };
    case 'not-positive':
    default:
      return { problem: 'The amount must be more than 0.' };
  }
}

/**
 * The agent on chain: who it is, the limits the contract enforces, its budget
 * and today's use; authorize it with the policy's limits, deposit to or
 * withdraw from its budget, revoke it in one transaction. Every action goes
 * through the household's wallet.
 */
@Component({
  selector: 'app-agent-chain-card',
  imports: [ReactiveFormsModule, ExplorerLink, TxStatusView],
  template: `
    <section class="card" aria-labelledby="agent-chain-heading">
      <h2 id="agent-chain-heading">Limits on chain and budget</h2>
      <p class="hint">
        The contract enforces these limits on every trade your agent makes, even if the community's server is compromised. Purchases are
        paid from the budget you deposit; you can take it back at any time.
      </p>
      @if (onChain.problem(); as problem) {
        <p class="problem" role="alert">{{ problem }}</p>
      }
      @if (record(); as r) {
        <dl class="facts" data-testid="agent-on-chain">
          <dt>Agent</dt>
          <dd>
            @if (r.agent === noAgent) {
              None authorized.
            } @else {
              <app-explorer-link target="address" [value]="r.agent" />
              {{ isServiceAgent() ? "(this community's automatic-trading service)" : '(not this community’s service: it cannot act on your policy)' }}
            }
          </dd>
          @if (r.agent !== noAgent) {
            <dt>Limits</dt>
            <dd>{{ limitsText() }}</dd>
            <dt>Today</dt>
            <dd>{{ todayText() }}</dd>
          }
          <dt>Budget</dt>
          <dd data-testid="agent-budget">{{ budgetText() }}</dd>
        </dl>
      } @else if (!onChain.problem()) {
        <p class="hint" role="status"><span class="spinner" aria-hidden="true"></span> Reading your agent from the chain…</p>
      }

      <div class="actions">
        <button type="button" class="primary" (click)="authorize()" [disabled]="busy() || !canAuthorize()">{{ authorizeText() }}</button>
        @if (record()?.agent !== noAgent && record()) {
          <button type="button" class="danger" (click)="revoke()" [disabled]="busy()">Revoke the agent</button>
        }
      </div>
      @if (authorizeHint(); as hint) {
        <p class="hint">{{ hint }}</p>
      }

      <form class="budget-form" [formGroup]="budget" novalidate (ngSubmit)="deposit()">
        <div class="field">
          <label for="agent-budget-amount">Amount <span class="unit-hint">({{ currency }})</span></label>
          <input id="agent-budget-amount" type="text" inputmode="decimal" autocomplete="off" formControlName="amount"
            [attr.aria-invalid]="!!amountProblem()" [attr.aria-describedby]="amountProblem() ? 'agent-budget-problem' : null" />
          @if (amountProblem(); as p) {<p class="field-problem" id="agent-budget-problem">{{ p }}</p>}
        </div>
        <div class="actions">
          <button type="submit" [disabled]="busy()">Deposit in the budget</button>
          <button type="button" (click)="withdraw()" [disabled]="busy()">Withdraw from the budget</button>
        </div>
      </form>
      <app-tx-status [handle]="handle()" />
    </section>
  `,
  styles: `
    .facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.25rem 0.75rem; margin: 0 0 0.75rem; }
    .facts dt { font-weight: 600; }
    .facts dd { margin: 0; }
    .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0.5rem 0; }
    .budget-form { margin-top: 0.75rem; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AgentChainCard {
  protected readonly onChain = inject(HouseholdAgentOnChain);
  private readonly transactor = inject(Transactor);

  /** Null when the agent service cannot be reached: authorizing needs its address; the rest does not. */
  readonly info = input<AgentServiceInfo | null>(null);
  /** The policy form's settings, when they read well. */
  readonly settings = input<PolicySettings | null>(null);

  protected readonly noAgent = NO_AGENT;
  protected readonly currency = currencySymbol();
  protected readonly record = this.onChain.record;
  protected readonly handle = signal<TxHandle | null>(null);
  protected readonly budget = inject(NonNullableFormBuilder).group({ amount: '' });
  private readonly amountText = toSignal(this.budget.controls.amount.valueChanges.pipe(map(String)), { initialValue: '' });
  private readonly amountTried = signal(false);

  protected readonly busy = computed(() => {
    const state = this.handle()?.status().state;
    return state === 'awaiting-wallet' || state === 'pending';
  });
  protected readonly isServiceAgent = computed(() => {
    const agent = this.record()?.agent;
    const service = this.info()?.agent;
    return !!agent && !!service && agent.toLowerCase() === service.toLowerCase();
  });
  protected readonly limitsText = computed(() => {
    const r = this.record();
    return r ? sentence(describeAgentLimits(r.limits)) : '';
  });
  protected readonly todayText = computed(() => {
    const r = this.record();
    if (!r) return '';
    return `Bought ${formatEnergy(r.boughtTodayMilliWh)}, sold ${formatEnergy(r.soldTodayMilliWh)}, spent ${formatMoney(r.spentTodayWei)}.`;
  });
  protected readonly budgetText = computed(() => {
    const r = this.record();
    return r ? `${formatMoney(r.budgetWei)}${r.budgetWei === 0n ? ': your agent cannot buy until you deposit some.' : ''}` : '';
  });
  protected readonly canAuthorize = computed(() => this.info() !== null && this.settings() !== null);
  protected readonly authorizeText = computed(() =>
    this.isServiceAgent() ? 'Update the limits on chain' : 'Authorize the agent with these limits',
  );
  protected readonly authorizeHint = computed(() => {
    if (this.info() === null) return 'Authorizing needs the agent service’s address: it cannot be reached right now.';
    const settings = this.settings();
    if (settings === null) return 'Fix your policy above first: its prices and daily caps become the limits on chain.';
    return `Limits from your policy: ${describeAgentLimits(limitsOfPolicy(settings))}.`;
  });
  /** Set when a withdrawal asks for more than the budget holds. */
  private readonly tooMuch = signal<string | null>(null);
  protected readonly amountProblem = computed(() => {
    if (!this.amountTried()) return null;
    if (this.tooMuch()) return this.tooMuch();
    const read = readMoney(this.amountText());
    return 'problem' in read ? read.problem : null;
  });

  protected authorize(): void {
    const info = this.info();
    const settings = this.settings();
    if (!info || !settings) return;
    this.run({
      label: this.isServiceAgent() ? 'Update the agent’s limits' : 'Authorize the automatic-trading agent',
      action: 'authorizeAgent',
      args: [info.agent, limitsOfPolicy(settings)],
    });
  }

  protected revoke(): void {
    this.run({ label: 'Revoke the agent', action: 'revokeAgent', args: [] });
  }

  protected deposit(): void {
    const amount = this.amount();
    if (amount === null) return;
    this.run({ label: `Deposit ${formatMoney(amount)} in the agent’s budget`, action: 'depositAgentBudget', args: [], value: amount });
  }

  protected withdraw(): void {
    const amount = this.amount();
    if (amount === null) return;
    const budget = this.record()?.budgetWei;
    if (budget !== undefined && amount > budget) {
      this.handle.set(null);
      this.tooMuch.set(`The budget holds ${formatMoney(budget)}: you can withdraw at most that.`);
      return;
    }
    this.run({ label: `Withdraw ${formatMoney(amount)} from the agent’s budget`, action: 'withdrawAgentBudget', args: [amount] });
  }

  private amount(): bigint | null {
    this.amountTried.set(true);
    this.tooMuch.set(null);
    const read = readMoney(this.amountText());
    return 'wei' in read ? read.wei : null;
  }

  private run(request: TxRequest): void {
    const handle = this.transactor.run(request);
    this.handle.set(handle);
    void handle.done.then((status) => {
      if (status.state === 'confirmed' && request.action !== 'authorizeAgent' && request.action !== 'revokeAgent') {
        // A fresh, empty field after a deposit or withdrawal: no problem to show until the next try.
        this.amountTried.set(false);
        this.budget.reset();
      }
    });
  }
}

const sentence = (text: string) => `${text[0].toUpperCase()}${text.slice(1)}.`;
