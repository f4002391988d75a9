import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal, untracked } from '@angular/core';
import { interval, merge } from 'rxjs';

import { ChainHead } from '../chain/chain-head';
import { toAppError } from '../core/to-app-error';
import { formatEnergy } from '../core/units';
import { NoWalletGuide } from '../wallet/no-wallet-guide';
import { WalletSession } from '../wallet/wallet-session';
import { AgentActivityLog } from './agent-activity-log';
import type { AgentServiceInfo, HouseholdAgentView } from './agent-api';
import { AgentChainCard } from './agent-chain-card';
import { AgentPolicyForm } from './agent-policy-form';
import { AgentServiceClient } from './agent-service-client';
import { AgentTrades } from './agent-trades';
import type { PolicySettings } from './policy-form';

/** How often "Now" is re-read between blocks: the agent's state changes at its price steps. */
const VIEW_REFRESH_MS = 10_000;

/** The service and the household's agent as read together; a failure in words. */
type ServiceRead =
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly info: AgentServiceInfo; readonly view: HouseholdAgentView }
  | { readonly status: 'failed'; readonly message: string };

/**
 * Automatic trading: the household's policy (signed in its wallet, sent to the
 * agent service), the limits and budget the contract enforces (set through its
 * wallet), what its agent did and why, and the trades it made.
 */
@Component({
  selector: 'app-automatic-trading-page',
  imports: [AgentActivityLog, AgentChainCard, AgentPolicyForm, AgentTrades, NoWalletGuide],
  template: `
    <h1>Automatic trading</h1>
    <p class="lead">
      Your agent sells what your battery holds above the reserve you choose and buys when it runs low, at prices you set, within daily caps.
      You sign its policy in your wallet; the contract enforces its limits on chain, and you can revoke it in one transaction.
    </p>
    @if (account(); as household) {
      @switch (read().status) {
        @case ('loading') {
          <p class="card hint" role="status"><span class="spinner" aria-hidden="true"></span> Asking the automatic-trading service…</p>
        }
        @case ('failed') {
          <div class="card problem" role="alert">
            <p>{{ failure() }}</p>
            <p>You can still see and change your agent's limits and budget on chain, or revoke it, below.</p>
            <button type="button" (click)="load()">Try again</button>
          </div>
        }
        @case ('loaded') {
          <section class="card agent-state" aria-labelledby="agent-state-heading">
            <h2 id="agent-state-heading">Now</h2>
            <p data-testid="agent-state" [attr.data-state]="view()!.state">{{ stateSentence() }}</p>
            @if (batteryText(); as text) {
              <p>{{ text }}</p>
            }
          </section>
          <app-agent-policy-form
            [household]="household"
            [info]="info()!"
            [view]="view()!"
            (settingsChange)="settings.set($event)"
            (saved)="load()"
          />
        }
      }
      <app-agent-chain-card [info]="info()" [settings]="settings()" />
      @if (read().status === 'loaded') {
        <app-agent-activity-log [household]="household" />
      }
      <app-agent-trades [household]="household" />
    } @else if (wallet.state() === 'no-wallet') {
      <app-no-wallet-guide />
    } @else {
      <p class="card hint">Connect your wallet to set up automatic trading for your household.</p>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AutomaticTradingPage {
  protected readonly wallet = inject(WalletSession);
  private readonly client = inject(AgentServiceClient);
  protected readonly account = this.wallet.account;
  protected readonly read = signal<ServiceRead>({ status: 'loading' });
  protected readonly settings = signal<PolicySettings | null>(null);
  private loadedFor: string | null = null;
  private refreshing = false;

  protected readonly info = computed(() => {
    const read = this.read();
    return read.status === 'loaded' ? read.info : null;
  });
  protected readonly view = computed(() => {
    const read = this.read();
    return read.status === 'loaded' ? read.view : null;
  });
  /** The service's words for what the agent does now, as a sentence: "Trading by your policy." */
  protected readonly stateSentence = computed(() => {
    const text = this.view()?.stateText ?? '';
    return text ? `${text[0].toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}` : '';
  });
  protected readonly failure = computed(() => {
    const read = this.read();
    return read.status === 'failed' ? read.message : '';
  });
  protected readonly batteryText = computed(() => {
    const view = this.view();
    const battery = view?.battery;
    if (!battery) return null;
    const parts = [`Battery at ${Math.round(battery.socPct)}%`];
    if (battery.capacityWh !== null) parts.push(`of ${formatEnergy(BigInt(Math.round(battery.capacityWh * 1000)))}`);
    if (battery.pvPowerW !== null) parts.push(`solar ${Math.round(battery.pvPowerW)} W`);
    if (battery.loadPowerW !== null) parts.push(`load ${Math.round(battery.loadPowerW)} W`);
    const forecast = view.forecastNetWh;
    const next =
      forecast === null ? '' : forecast >= 0 ? `; next interval: about ${Math.round(forecast)} Wh to spare` : `; next interval: about ${Math.round(-forecast)} Wh short`;
    return `${parts.join(', ')} (${battery.timeOfDay})${next}.`;
  });

  constructor() {
    effect(() => {
      const account = this.account();
      untracked(() => void this.load(account));
    });
    // The agent acts every few minutes and its trades are blocks: keep "Now" and the limits current.
    const subscription = merge(inject(ChainHead).newBlocks$, interval(VIEW_REFRESH_MS)).subscribe(() => void this.refresh());
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  /** Re-reads the household's view in place; a failed refresh keeps what is shown (the next one tries again). */
  private async refresh(): Promise<void> {
    const account = this.account();
    const read = this.read();
    if (!account || read.status !== 'loaded' || this.loadedFor !== account || this.refreshing) return;
    this.refreshing = true;
    try {
      const view = await this.client.household(account);
      const now = this.read();
      if (account === this.account() && now.status === 'loaded') this.read.set({ ...now, view });
    } catch {
      // Shown as it was; "Try again" appears only when the first read fails.
    } finally {
      this.refreshing = false;
    }
  }

  async load(account = this.account()): Promise<void> {
    if (!account) return;
    // Another household: never show the previous one's policy, even for a moment.
    if (this.read().status !== 'loaded' || this.loadedFor !== account) this.read.set({ status: 'loading' });
    try {
      const [info, view] = await Promise.all([this.client.info(), this.client.household(account)]);
      if (account !== this.account()) return;
      this.loadedFor = account;
      this.read.set({ status: 'loaded', info, view });
    } catch (error) {
      if (account === this.account()) this.read.set({ status: 'failed', message: toAppError(error).message });
    }
  }
}
