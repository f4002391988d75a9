import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { map } from 'rxjs';

import { RUNTIME_CONFIG } from '../config/config.service';
import { currencySymbol } from '../core/units';
import { toAppError } from '../core/to-app-error';
import { TextField } from '../shared/text-field';
import { WalletSession } from '../wallet/wallet-session';
import type { AgentServiceInfo, HouseholdAgentView } from './agent-api';
import { type AgentPolicy, parseAgentPolicy } from './agent-policy';
import { AgentServiceClient } from './agent-service-client';
import { type PolicyField, type PolicyFormValue, type PolicySettings, describePolicy, emptyPolicyForm, policyToForm, readPolicyForm } from './policy-form';
import { signAgentPolicy } from './sign-policy';

/** Where saving a policy is: signing in the wallet, sending to the service, done, or failed with words. */
export type PolicySaveState =
  | { readonly step: 'idle' }
  | { readonly step: 'signing' | 'sending'; readonly what: string }
  | { readonly step: 'saved'; readonly text: string }
  | { readonly step: 'failed'; readonly text: string };

/** A rule between fields is said under one of them, as soon as the person leaves either. */
const RELATED: Partial<Record<PolicyField, readonly PolicyField[]>> = {
  buyTargetSocPct: ['buyBelowSocPct'],
  sellReserveSocPct: ['buyTargetSocPct'],
  sellFloorPrice: ['maxSoldPerDayKWh'],
  buyCeilingPrice: ['maxBoughtPerDayKWh'],
  activeToHour: ['activeFromHour'],
};

const HOURS = Array.from({ length: 24 }, (_, h) => ({ value: h, label: `${String(h).padStart(2, '0')}:00` }));

/**
 * What the household's agent should do: on or off, selling above a reserve at a
 * floor price, buying below a level up to a target under a ceiling, daily caps,
 * optional hours. Saved by signing it in the household's wallet (EIP-712) and
 * sending it to the agent service; a pause is a signed policy too, effective at once.
 */
@Component({
  selector: 'app-agent-policy-form',
  imports: [ReactiveFormsModule, TextField],
  templateUrl: './agent-policy-form.html',
  styles: `
    fieldset { border: 1px solid var(--border); border-radius: var(--radius); margin: 0 0 0.75rem; padding: 0.5rem 0.75rem; }
    legend { font-weight: 600; padding: 0 0.25rem; }
    .checkbox-field label { display: flex; gap: 0.5rem; align-items: center; }
    .hours { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
    .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-bottom: 0.5rem; }
    .policy-now { font-weight: 600; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AgentPolicyForm {
  private readonly client = inject(AgentServiceClient);
  private readonly wallet = inject(WalletSession);
  private readonly config = inject(RUNTIME_CONFIG);

  readonly household = input.required<string>();
  readonly info = input.required<AgentServiceInfo>();
  readonly view = input.required<HouseholdAgentView>();
  /** The form's settings whenever they read well (null otherwise), for the on-chain limits. */
  readonly settingsChange = output<PolicySettings | null>();
  /** A policy was accepted: the page reloads the household's view. */
  readonly saved = output<void>();

  protected readonly hours = HOURS;
  protected readonly priceUnit = `${currencySymbol()} per kWh`;
  protected readonly currency = currencySymbol();

  protected readonly form = inject(NonNullableFormBuilder).group({
    enabled: true,
    sellReserveSocPct: '',
    sellFloorPrice: '',
    buyBelowSocPct: '',
    buyTargetSocPct: '',
    buyCeilingPrice: '',
    maxSoldPerDayKWh: '',
    maxBoughtPerDayKWh: '',
    maxSpentPerDay: '',
    limitHours: false,
    activeFromHour: 6,
    activeToHour: 20,
  });
  private readonly value = toSignal(this.form.valueChanges.pipe(map(() => this.form.getRawValue() as PolicyFormValue)), {
    initialValue: this.form.getRawValue() as PolicyFormValue,
  });
  protected readonly reading = computed(() => readPolicyForm(this.value()));
  /** Problems show under a field once it was left, or after a save was tried. */
  private readonly touched = signal<ReadonlySet<PolicyField>>(new Set());
  private readonly triedToSave = signal(false);
  protected readonly state = signal<PolicySaveState>({ step: 'idle' });

  /** The policy the service holds (null: none yet), and whether it is paused. */
  protected readonly stored = computed(() => {
    const json = this.view().policy;
    if (!json) return null;
    try {
      return parseAgentPolicy(json);
    } catch {
      return null;
    }
  });
  protected readonly stateText = computed(() => {
    const state = this.state();
    switch (state.step) {
      case 'idle':
        return '';
      case 'signing':
        return `${state.what}: sign the policy in your wallet.`;
      case 'sending':
        return `${state.what}: sending the signed policy to the agent service…`;
      default:
        return state.text;
    }
  });
  protected readonly paused = computed(() => this.stored()?.paused === true);
  protected readonly busy = computed(() => {
    const step = this.state().step;
    return step === 'signing' || step === 'sending';
  });
  protected readonly summary = computed(() => {
    const reading = this.reading();
    return reading.ok ? describePolicy(reading.settings) : null;
  });
  /**
   * Where the signed policy stands, in brief: the settings below start as it, and
   * the sentence of what they do stands once, above "Sign and save".
   */
  protected readonly storedStatus = computed(() => {
    const stored = this.stored();
    if (!stored) return null;
    const which = `your signed policy (#${stored.nonce})`;
    if (stored.paused) return `Paused. Your agent does nothing new until you resume ${which}.`;
    return stored.enabled ? `In force: ${which}. Change a setting below and sign again to replace it.` : `Off: ${which} turns automatic trading off.`;
  });

  constructor() {
    // The form starts from what the service holds for the household, else from the defaults.
    effect(() => {
      const stored = this.stored();
      untracked(() => {
        if (this.form.dirty) return;
        this.form.setValue(stored ? policyToForm(stored) : emptyPolicyForm());
      });
    });
    effect(() => {
      const reading = this.reading();
      untracked(() => this.settingsChange.emit(reading.ok ? reading.settings : null));
    });
  }

  protected problem(field: PolicyField): string | null {
    const reading = this.reading();
    if (reading.ok) return null;
    const touched = this.touched();
    const shown = this.triedToSave() || touched.has(field) || (RELATED[field] ?? []).some((other) => touched.has(other));
    return shown ? (reading.problems[field] ?? null) : null;
  }

  protected markTouched(field: PolicyField): void {
    if (!this.touched().has(field)) this.touched.set(new Set([...this.touched(), field]));
  }

  /** Signs the form's policy (not paused) and sends it. */
  protected save(): void {
    this.triedToSave.set(true);
    const reading = this.reading();
    if (!reading.ok) {
      this.state.set({ step: 'failed', text: 'Some settings need your attention (see above); nothing was signed.' });
      return;
    }
    void this.signAndSend({ ...reading.settings, paused: false }, 'Save the automatic-trading policy', () => {
      this.form.markAsPristine();
      return reading.settings.enabled ? 'Saved: your agent follows the new policy from now on.' : 'Saved: automatic trading is off.';
    });
  }

  /** Pauses or resumes the policy the service holds, at once. */
  protected togglePause(): void {
    const stored = this.stored();
    if (!stored) return;
    const pausing = !stored.paused;
    void this.signAndSend({ ...stored, paused: pausing }, pausing ? 'Pause automatic trading' : 'Resume automatic trading', () =>
      pausing
        ? 'Paused: your agent does nothing new and withdraws its open orders now.'
        : 'Resumed: your agent trades by your policy again.',
    );
  }

  private async signAndSend(settings: PolicySettings & { readonly paused: boolean }, what: string, done: () => string): Promise<void> {
    if (this.wallet.state() !== 'connected') {
      this.state.set({ step: 'failed', text: `${what}: connect your wallet on the community network first.` });
      return;
    }
    const policy: AgentPolicy = {
      ...settings,
      household: this.household(),
      agent: this.info().agent,
      nonce: BigInt(this.view().nextNonce),
    };
    const active = this.wallet.active();
    if (!active) {
      this.state.set({ step: 'failed', text: `${what}: connect your wallet first.` });
      return;
    }
    this.state.set({ step: 'signing', what });
    try {
      const signed = await signAgentPolicy(active.provider, this.config.chainId, this.config.marketplace.address, policy);
      this.state.set({ step: 'sending', what });
      await this.client.putPolicy(this.household(), signed);
      this.state.set({ step: 'saved', text: done() });
      this.saved.emit();
    } catch (error) {
      this.state.set({ step: 'failed', text: `${what} failed: ${toAppError(error).message}` });
    }
  }
}
