/**
 * The agent service: automatic trading for every household that signed a
 * policy and authorized this service's agent on chain.
 *
 * - Every `sampleMinutes` of the community clock it reads every node's signed
 *   status: the households' recent history (for forecasts). (The indexer keeps
 *   the community's hour-by-hour picture in the read model.)
 * - Every trading interval (15 minutes of the community clock) has
 *   `stepsPerInterval` price steps. At each step, for each household: read its
 *   node, forecast the interval's surplus or deficit, withdraw what no longer
 *   fits (or re-price), then sell the surplus above the reserve with an offer
 *   that crosses the best requests at this step's price, or buy below the
 *   threshold with a request that crosses the cheapest offers (see decide.ts).
 *   Sellers go first, then buyers, each household once per step.
 * - It follows the chain's trades and authorizations, so the activity log says
 *   "sold ... to ..." whoever took the order, and a revocation stops it at once.
 *
 * Work is done one piece at a time (steps, withdrawals after a pause), on one
 * key, in nonce order; the journal makes a restart carry on where it stopped.
 */
import type { AgentActivityEntry, AgentServiceInfo, AgentState, HouseholdAgentView } from '../../src/app/agents/agent-api';
import { AGENT_POLICY_PRIMARY_TYPE, AGENT_POLICY_TYPES, type AgentPolicyDomain, agentPolicyToJson } from '../../src/app/agents/agent-policy';
import type { NodeStatus } from '../../src/app/nodes/node-protocol';
import type { RawLog } from '../delivery/marketplace-codec';
import type { JsonRpcHttpClient } from '../lib/json-rpc';
import type { Logger } from '../lib/logger';
import type { AgentsConfig } from '../lib/service-config';
import type { NodeEntry } from '../nodes/node-registry';
import { readSignedStatus } from '../nodes/signed-status';
import type { AgentCall, AgentCodec, MarketEvent } from './agent-codec';
import type { AgentJournal, StepKey } from './agent-journal';
import type { AgentTransactor, SendResult } from './agent-transactor';
import type { ActivityLog, NewActivity } from './activity-log';
import { ActivityText, sentence } from './activity-text';
import type { CommunityClock } from '../lib/community-clock';
import {
  type Assessment,
  type BookOrder,
  type DecisionContext,
  type OnChainAgent,
  type Placement,
  type Withdrawal,
  assess,
  limitProblems,
  ownAgentOrders,
  planOrders,
  planWithdrawals,
} from './decide';
import { type Forecast, type StatusSample, LOOKBACK_MS, forecastInterval } from './forecast';
import type { MarketReader } from './market-reader';
import type { PolicyStore, StoredPolicy } from './policy-store';

const MS_PER_MINUTE = 60_000;
/** How often (real time) the chain's events are read for the activity log. */
const EVENT_SCAN_MS = 500;
const MAX_LOG_RANGE = 2000;
const NO_AGENT: OnChainAgent = {
  agent: '0x0000000000000000000000000000000000000000',
  budgetWei: 0n,
  maxBuyPrice: 0n,
  minSellPrice: 0n,
  maxBoughtPerDayMilliWh: 0n,
  maxSoldPerDayMilliWh: 0n,
  maxSpentPerDayWei: 0n,
  boughtTodayMilliWh: 0n,
  soldTodayMilliWh: 0n,
  spentTodayWei: 0n,
};

export interface AgentServiceOptions {
  readonly client: JsonRpcHttpClient;
  readonly codec: AgentCodec;
  readonly reader: MarketReader;
  readonly transactor: AgentTransactor;
  readonly journal: AgentJournal;
  readonly policies: PolicyStore;
  readonly activity: ActivityLog;
  readonly clock: CommunityClock;
  readonly config: AgentsConfig;
  readonly chainId: number;
  readonly marketplace: string;
  readonly domain: AgentPolicyDomain;
  readonly nodes: readonly NodeEntry[];
  readonly secretOf: (account: string) => string | undefined;
  readonly currency: string;
  readonly log: Logger;
}

interface Latest {
  readonly atMs: number;
  readonly status: NodeStatus;
}

export class AgentService {
  private readonly text: ActivityText;
  private readonly history = new Map<string, StatusSample[]>();
  private readonly latest = new Map<string, Latest>();
  private readonly forecasts = new Map<string, Forecast>();
  private readonly states = new Map<string, { kind: AgentState; words: string }>();
  private readonly chainAgents = new Map<string, OnChainAgent>();
  private book: BookOrder[] = [];
  private work: Promise<unknown> = Promise.resolve();
  private stepTimer?: NodeJS.Timeout;
  private sampleTimer?: NodeJS.Timeout;
  private scanTimer?: NodeJS.Timeout;
  private scanning = false;
  private stopped = false;

  constructor(private readonly options: AgentServiceOptions) {
    this.text = new ActivityText(options.currency);
  }

  private get intervalMs(): number {
    return this.options.config.intervalMinutes * MS_PER_MINUTE;
  }

  private get stepMs(): number {
    return this.intervalMs / this.options.config.stepsPerInterval;
  }

  async start(): Promise<void> {
    const { transactor, log } = this.options;
    for (const { pending, result } of await transactor.resumePending()) {
      log.info({ household: pending.household, hash: pending.hash }, `after a restart: ${pending.call['method']} for ${pending.household} ${result.mined ? `mined in block ${result.blockNumber}` : `not mined: ${result.reason}`}`);
    }
    await this.sampleAll();
    await this.scanEvents();
    this.scheduleSample();
    this.scanTimer = setInterval(() => void this.scanEvents(), EVENT_SCAN_MS);
    this.scheduleStep();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.stepTimer);
    clearTimeout(this.sampleTimer);
    clearInterval(this.scanTimer);
    await this.work.catch(() => undefined);
  }

  // ---------------------------------------------------------------- the API's answers

  info(): AgentServiceInfo {
    const { config, chainId, marketplace, domain, transactor, clock, currency } = this.options;
    return {
      agent: transactor.address,
      chainId,
      marketplace,
      currency,
      intervalMinutes: config.intervalMinutes,
      stepsPerInterval: config.stepsPerInterval,
      timeScale: clock.timeScale,
      timeOfDay: clock.timeOfDay(),
      typedData: { domain, primaryType: AGENT_POLICY_PRIMARY_TYPE, types: { AgentPolicy: AGENT_POLICY_TYPES.AgentPolicy } },
      households: this.options.policies.households().map((household) => ({
        household,
        name: '',
        state: this.states.get(household.toLowerCase())?.kind ?? 'no-policy',
      })),
    };
  }

  async householdView(household: string): Promise<HouseholdAgentView> {
    const key = household.toLowerCase();
    const stored = this.options.policies.get(household);
    const [agents, name] = await Promise.all([this.options.reader.agents([household]), this.options.reader.nameOf(household)]);
    const onChain = agents.get(key)!;
    const latest = this.latest.get(key);
    const state = this.states.get(key) ?? (stored ? { kind: 'active' as AgentState, words: 'waiting for the next price step' } : { kind: 'no-policy' as AgentState, words: 'no policy signed yet' });
    const forecast = this.forecasts.get(key);
    return {
      household,
      name,
      state: state.kind,
      stateText: state.words,
      policy: stored ? agentPolicyToJson(stored.policy) : null,
      signature: stored?.signature ?? null,
      nextNonce: this.options.policies.nextNonce(household).toString(),
      onChain: {
        agent: onChain.agent,
        authorized: onChain.agent.toLowerCase() === this.options.transactor.address.toLowerCase(),
        ...Object.fromEntries(Object.entries(onChain).filter(([field]) => field !== 'agent').map(([field, value]) => [field, String(value)])),
      } as HouseholdAgentView['onChain'],
      battery: latest && latest.status.batterySocPct !== null
        ? {
            socPct: latest.status.batterySocPct,
            capacityWh: latest.status.batteryCapacityWh,
            pvPowerW: latest.status.pvPowerW,
            loadPowerW: latest.status.loadPowerW,
            timeOfDay: this.options.clock.timeOfDay(latest.atMs),
          }
        : null,
      forecastNetWh: forecast && forecast.samples > 0 ? Math.round(forecast.netWh * 10) / 10 : null,
      openOrders: ownAgentOrders(household, this.book).map((order) => ({
        orderId: order.id,
        kind: order.kind,
        remainingMilliWh: order.remainingMilliWh.toString(),
        unitPrice: order.unitPrice.toString(),
      })),
    };
  }

  /** A signed policy from the API: checked and stored; a pause or "off" withdraws the household's orders at once. */
  acceptPolicy(household: string, body: unknown): StoredPolicy {
    const stored = this.options.policies.accept(household, body);
    const { policy } = stored;
    this.record({ household: policy.household, kind: 'policy', text: `Policy #${policy.nonce} accepted: ${this.text.policy(policy)}` });
    if (!policy.enabled || policy.paused) {
      const [kind, why] = policy.paused ? (['paused', 'you paused automatic trading'] as const) : (['off', 'you turned automatic trading off'] as const);
      void this.enqueue(() => this.withdrawAll(policy.household, kind, why));
    }
    return stored;
  }

  // ---------------------------------------------------------------- readings

  private scheduleSample(): void {
    if (this.stopped) return;
    const every = this.options.config.sampleMinutes * MS_PER_MINUTE;
    const next = (Math.floor(this.options.clock.nowMs() / every) + 1) * every;
    this.sampleTimer = setTimeout(() => {
      void this.sampleAll().finally(() => this.scheduleSample());
    }, Math.max(10, this.options.clock.realMsUntil(next)));
  }

  /** Reads every node (participating or not): a household's forecast is ready when it turns automatic trading on. */
  private async sampleAll(): Promise<void> {
    await Promise.all(this.options.nodes.map((node) => this.readNode(node.account)));
  }

  /** The node's status, believed only when signed over our nonce with the secret we hold for it. */
  private async readNode(account: string): Promise<NodeStatus | undefined> {
    const key = account.toLowerCase();
    const node = this.options.nodes.find((each) => each.account.toLowerCase() === key);
    const secret = node && this.options.secretOf(node.account);
    if (!node || !secret) return undefined;
    const read = await readSignedStatus(node.url, secret);
    if ('problem' in read) {
      // A node that does not answer is routine (switched off); a wrong answer is worth a warning.
      if (read.problem.startsWith('no status')) this.options.log.debug({ node: node.slug }, `${node.slug}: ${read.problem}`);
      else this.options.log.warn({ node: node.slug }, `${node.slug}: ${read.problem}`);
      return undefined;
    }
    const { status } = read;
    const atMs = this.options.clock.nowMs();
    this.latest.set(key, { atMs, status });
    if (status.pvPowerW !== null && status.loadPowerW !== null) {
      const history = this.history.get(key) ?? [];
      history.push({ atMs, pvPowerW: status.pvPowerW, loadPowerW: status.loadPowerW });
      while (history.length && history[0].atMs < atMs - LOOKBACK_MS) history.shift();
      this.history.set(key, history);
    }
    return status;
  }

  // ---------------------------------------------------------------- steps

  private currentStep(): StepKey {
    const now = this.options.clock.nowMs();
    const interval = Math.floor(now / this.intervalMs);
    const step = Math.min(this.options.config.stepsPerInterval - 1, Math.floor((now - interval * this.intervalMs) / this.stepMs));
    return { interval, step };
  }

  private scheduleStep(): void {
    if (this.stopped) return;
    const key = this.currentStep();
    void this.enqueue(() => this.runStep(key)).finally(() => {
      if (this.stopped) return;
      const next = key.interval * this.intervalMs + (key.step + 1) * this.stepMs;
      this.stepTimer = setTimeout(() => this.scheduleStep(), Math.max(5, this.options.clock.realMsUntil(next)));
    });
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.work.then(job);
    this.work = run.catch((error) => this.options.log.error({ err: error }, `agent work failed: ${error instanceof Error ? error.message : String(error)}`));
    return run;
  }

  /** The households with a policy and a node: the ones the agent trades for. */
  private participants(): string[] {
    const withNode = new Set(this.options.nodes.map((node) => node.account.toLowerCase()));
    return this.options.policies.households().filter((household) => withNode.has(household.toLowerCase()));
  }

  private async runStep(key: StepKey): Promise<void> {
    const households = this.participants().filter((household) => !this.options.journal.isStepDone(household, key));
    if (households.length === 0 || this.stopped) return;
    const { reader, clock, log } = this.options;
    const startedMs = Date.now();
    await Promise.all(households.map((household) => this.readNode(household)));

    // Phase 1: what no longer fits, or is to be re-priced, is withdrawn.
    let agents = await reader.agents(households);
    this.book = await reader.book();
    for (const household of households) {
      const ctx = this.context(household, agents, key);
      const assessment = assess(ctx);
      this.noteState(household, assessment);
      if (assessment.stop?.kind === 'not-authorized') continue; // the contract would refuse: the household cancels its own
      for (const withdrawal of planWithdrawals(ctx, assessment, this.book)) await this.withdraw(household, withdrawal, key);
    }

    // Phase 2: sellers place their offers, then buyers their requests, on the chain's fresh count of today's use.
    const placedOrDone = new Set<string>();
    for (const kind of ['offer', 'request'] as const) {
      agents = await reader.agents(households);
      this.book = await reader.book();
      for (const household of households) {
        const ctx = this.context(household, agents, key);
        const assessment = assess(ctx);
        const placement = planOrders(ctx, assessment, this.book).find((each) => each.kind === kind);
        if (placement) {
          await this.place(household, ctx, assessment, placement, key);
          placedOrDone.add(household);
        }
      }
    }
    for (const household of households) {
      if (placedOrDone.has(household)) continue;
      this.options.journal.markStepDone(household, key, assess(this.context(household, agents, key)).buying);
    }
    log.debug(`interval ${key.interval} step ${key.step + 1}/${this.options.config.stepsPerInterval} at ${clock.timeOfDay()}: ${households.length} household(s) in ${Date.now() - startedMs} ms`);
  }

  private context(household: string, agents: Map<string, OnChainAgent>, key: StepKey): DecisionContext {
    const { config, clock, transactor, journal, policies } = this.options;
    const lower = household.toLowerCase();
    const now = clock.nowMs();
    const forecast = forecastInterval(this.history.get(lower) ?? [], now, this.intervalMs);
    this.forecasts.set(lower, forecast);
    const latest = this.latest.get(lower);
    // A reading older than two samples is not a reading of now.
    const fresh = latest && now - latest.atMs <= 2 * config.sampleMinutes * MS_PER_MINUTE + this.stepMs;
    const status = fresh ? latest.status : undefined;
    const chain = agents.get(lower) ?? NO_AGENT;
    this.chainAgents.set(lower, chain);
    return {
      household,
      agent: transactor.address,
      policy: policies.get(household)?.policy,
      chain,
      reading:
        status && status.batterySocPct !== null
          ? {
              socPct: status.batterySocPct,
              capacityWh: status.batteryCapacityWh ?? 0,
              exportBacklogMilliWh: status.exportBacklogMilliWh,
              importBacklogMilliWh: status.importBacklogMilliWh,
            }
          : undefined,
      forecast,
      hourOfDay: clock.hourOfDay(now),
      step: key.step,
      steps: config.stepsPerInterval,
      intervalMinutes: config.intervalMinutes,
      deliveryPowerW: config.deliveryPowerW,
      minOrderWh: config.minOrderWh,
      wasBuying: journal.isBuying(household),
    };
  }

  /** Logs a change in what the agent does for the household ("stopped: you paused ..."). */
  private noteState(household: string, assessment: Pick<Assessment, 'stop'>): void {
    const key = household.toLowerCase();
    const now: { kind: AgentState; words: string } = assessment.stop
      ? { kind: assessment.stop.kind, words: assessment.stop.words }
      : { kind: 'active', words: 'trading by your policy' };
    const before = this.states.get(key);
    this.states.set(key, now);
    if (before?.kind === now.kind) return;
    if (now.kind === 'active') {
      if (before) this.record({ household, kind: 'resumed', text: 'Trading again by your policy' });
    } else if (now.kind !== 'no-policy') {
      const open = ownAgentOrders(household, this.book);
      const note =
        now.kind === 'not-authorized' && open.length
          ? `; your open orders ${open.map((order) => `#${order.id}`).join(', ')} stay on the market: cancel them in the dApp if you wish`
          : '';
      this.record({ household, kind: 'stopped', text: `Stopped: ${now.words}${note}` });
    }
  }

  /** After a pause or "off": the household's open agent orders, withdrawn now rather than at the next step. */
  private async withdrawAll(household: string, kind: 'paused' | 'off', why: string): Promise<void> {
    const agents = await this.options.reader.agents([household]);
    if (agents.get(household.toLowerCase())?.agent.toLowerCase() !== this.options.transactor.address.toLowerCase()) return;
    this.book = await this.options.reader.book();
    this.noteState(household, { stop: { kind, words: why } });
    const key = this.currentStep();
    for (const order of ownAgentOrders(household, this.book)) {
      await this.withdraw(household, { orderId: order.id, kind: order.kind, remainingMilliWh: order.remainingMilliWh, unitPrice: order.unitPrice, reprice: false, words: `withdrew ${order.kind} #${order.id} (${this.text.energy(order.remainingMilliWh)} left): ${why}` }, key);
    }
  }

  private async withdraw(household: string, withdrawal: Withdrawal, key: StepKey): Promise<void> {
    const method = withdrawal.kind === 'offer' ? 'agentCancelOffer' : 'agentCancelRequest';
    const result = await this.send({ method, household, orderId: withdrawal.orderId }, withdrawal.words, key);
    if (!result) return;
    if (result.mined) {
      if (withdrawal.reprice) this.options.log.debug({ household }, `${household}: ${withdrawal.words}`);
      else this.record({ household, kind: 'withdrew', text: sentence(withdrawal.words), orderId: withdrawal.orderId, transactionHash: result.hash });
    } else {
      this.options.log.info({ household }, `${household}: could not withdraw ${withdrawal.kind} #${withdrawal.orderId}: ${result.reason}`);
    }
  }

  private async place(household: string, ctx: DecisionContext, assessment: Assessment, placement: Placement, key: StepKey): Promise<void> {
    const problems = limitProblems(ctx, placement, this.book);
    if (problems.length) {
      // Planning and this check disagree: a defect, never sent.
      this.record({ household, kind: 'error', text: `Did not send ${placement.kind === 'offer' ? 'an offer' : 'a request'} of ${this.text.energy(placement.quantityMilliWh)}: ${problems.join('; ')}` });
      this.options.journal.markStepDone(household, key, assessment.buying);
      return;
    }
    const offer = placement.kind === 'offer';
    const method = offer ? 'agentPlaceOffer' : 'agentPlaceRequest';
    const call: AgentCall = { method, household, quantityMilliWh: placement.quantityMilliWh, unitPrice: placement.unitPrice, candidates: placement.candidates };
    const result = await this.send(call, placement.words, key, { buying: assessment.buying });
    if (!result) return;
    if (!result.mined) {
      this.record({ household, kind: 'refused', text: `The contract refused ${offer ? 'an offer' : 'a request'} of ${this.text.energy(placement.quantityMilliWh)} at ${this.text.price(placement.unitPrice)}: ${result.reason}`, transactionHash: result.hash });
      return;
    }
    const { outcome } = result;
    const taken = outcome.trades.reduce((total, trade) => total + trade.quantityMilliWh, 0n);
    const resting = placement.quantityMilliWh - taken;
    // The first order of its kind in an interval is news; later steps only re-price it (the service log has them).
    const firstOfInterval = key.step === 0 || !this.placedThisInterval.has(`${household.toLowerCase()}:${key.interval}:${placement.kind}`);
    this.placedThisInterval.add(`${household.toLowerCase()}:${key.interval}:${placement.kind}`);
    if (resting > 0n && firstOfInterval) {
      const last = offer
        ? assess({ ...ctx, step: ctx.steps - 1 }).offerPrice
        : assess({ ...ctx, step: ctx.steps - 1 }).requestPrice;
      const until = this.options.clock.timeOfDay((key.interval + 1) * this.intervalMs);
      const path = last === placement.unitPrice ? '' : `, ${offer ? 'stepping down' : 'rising'} to ${this.text.price(last)} by ${until}`;
      this.record({
        household,
        kind: offer ? 'offered' : 'requested',
        text: `${offer ? 'Offered' : 'Asked for'} ${this.text.energy(resting)} at ${offer ? '' : 'up to '}${this.text.price(placement.unitPrice)}${path}: ${placement.words}`,
        orderId: outcome.restingOrderId,
        transactionHash: result.hash,
        quantityMilliWh: resting.toString(),
        unitPrice: placement.unitPrice.toString(),
      });
    } else {
      this.options.log.debug({ household }, `${household}: ${method} ${placement.quantityMilliWh} mWh at ${placement.unitPrice} (${taken} mWh taken at once)`);
    }
  }

  private readonly placedThisInterval = new Set<string>();

  /**
   * Sends one call unless the household's policy stopped trading meanwhile (a pause takes effect at
   * once) or the household revoked the agent since the step began (the contract would refuse it).
   */
  private async send(call: AgentCall, words: string, key: StepKey, completesStep?: { buying: boolean }): Promise<SendResult | undefined> {
    const policy = this.options.policies.get(call.household)?.policy;
    const placing = call.method === 'agentPlaceOffer' || call.method === 'agentPlaceRequest';
    if (placing && (!policy || !policy.enabled || policy.paused)) return undefined;
    const chain = (await this.options.reader.agents([call.household])).get(call.household.toLowerCase());
    if (chain?.agent.toLowerCase() !== this.options.transactor.address.toLowerCase()) {
      this.options.log.info({ household: call.household }, `${call.household}: not sent (${words}): the household no longer authorizes this agent`);
      return undefined;
    }
    return this.options.transactor.send(call, { words, interval: key.interval, step: key.step, completesStep });
  }

  // ---------------------------------------------------------------- events

  /** Trades on the agent's orders or by its transactions, and (re)authorizations, into the activity log. */
  private async scanEvents(): Promise<void> {
    if (this.scanning || this.stopped) return;
    this.scanning = true;
    const { client, codec, journal, marketplace, log } = this.options;
    try {
      const head = Number(await client.request<string>('eth_blockNumber'));
      let from = journal.lastScannedBlock + 1;
      while (from <= head) {
        const to = Math.min(head, from + MAX_LOG_RANGE - 1);
        const logs = await client.request<RawLog[]>('eth_getLogs', [
          { address: marketplace, topics: [codec.watchedTopics], fromBlock: hex(from), toBlock: hex(to) },
        ]);
        for (const raw of logs) {
          const event = codec.marketEvent(raw);
          if (event) await this.onEvent(event);
        }
        journal.setLastScannedBlock(to);
        from = to + 1;
      }
    } catch (error) {
      log.warn(`reading the chain's events failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.scanning = false;
    }
  }

  private async onEvent(event: MarketEvent): Promise<void> {
    const { journal, transactor, reader } = this.options;
    const ours = transactor.address.toLowerCase();
    if (event.name === 'AgentRevoked') {
      if (event.agent.toLowerCase() !== ours) return;
      this.states.set(event.household.toLowerCase(), { kind: 'not-authorized', words: `you revoked the agent in block ${event.blockNumber}` });
      this.record({ household: event.household, kind: 'stopped', text: `Stopped: you revoked the agent in block ${event.blockNumber}; it can do nothing more for you until you authorize it again` });
      return;
    }
    if (event.name === 'AgentAuthorized') {
      if (event.agent.toLowerCase() !== ours) return;
      this.record({ household: event.household, kind: 'resumed', text: `You authorized this agent in block ${event.blockNumber}` });
      return;
    }
    const when = this.options.clock.timeOfDay();
    const price = event.quantityMilliWh > 0n ? event.amountWei / event.quantityMilliWh : 0n;
    const entry = async (household: string, words: string) => {
      const selling = household.toLowerCase() === event.seller.toLowerCase();
      const other = selling ? event.buyer : event.seller;
      const name = await reader.displayName(other);
      this.record({
        household,
        kind: selling ? 'sold' : 'bought',
        text: `${selling ? 'Sold' : 'Bought'} ${this.text.energy(event.quantityMilliWh)} ${selling ? 'to' : 'from'} ${name} at ${when} for ${this.text.money(event.amountWei)} (${this.text.price(price)}): ${words}`,
        orderId: event.orderId,
        tradeId: event.tradeId,
        transactionHash: event.transactionHash,
        quantityMilliWh: event.quantityMilliWh.toString(),
        unitPrice: price.toString(),
        counterparty: other,
      });
    };
    // The maker's side: a resting order the agent placed was taken.
    const note = journal.orderNote(event.orderId);
    if (note) await entry(note.household, note.words);
    // The taker's side: the trade came from the agent's own crossing order.
    const sent = journal.sentBy(event.transactionHash);
    if (sent && sent.household.toLowerCase() !== note?.household.toLowerCase()) await entry(sent.household, sent.words);
  }

  private record(activity: Omit<NewActivity, 'timeOfDay'>): AgentActivityEntry {
    const entry = this.options.activity.add({ ...activity, timeOfDay: this.options.clock.timeOfDay() });
    this.options.log.info({ household: activity.household, kind: activity.kind }, `${shortAddress(activity.household)}: ${activity.text}`);
    return entry;
  }
}

function hex(value: number): string {
  return '0x' + value.toString(16);
}

function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}
