/**
 * The agent service's progress, kept in data/agents/journal.json (written
 * atomically) so a restart mid-interval does not repeat what it did:
 *
 * - the last price step done for each household (a step is done for a
 *   household once its withdrawals and orders were sent and mined);
 * - every transaction signed but not yet seen mined, with its raw bytes: after
 *   a crash it is sent again as it was (same nonce, same hash), so it lands at
 *   most once whether or not it had gone out;
 * - why each resting order was placed, so a trade that takes it later is
 *   logged with the reason;
 * - whether each household is buying up to its target (hysteresis);
 * - the last block whose events were read.
 */
import { existsSync, readFileSync } from 'node:fs';

import { writeJsonAtomic } from '../lib/atomic-write';
import type { AgentCall } from './agent-codec';

export interface StepKey {
  readonly interval: number;
  readonly step: number;
}

export interface PendingTransaction {
  readonly hash: string;
  readonly raw: string;
  readonly nonce: number;
  readonly household: string;
  /** The call, with big numbers as decimal strings. */
  readonly call: Record<string, unknown>;
  readonly words: string;
  readonly interval: number;
  readonly step: number;
  /** The household's last action of the step: once it is recorded, the step is done for the household. */
  readonly completesStep?: { readonly buying: boolean };
}

export interface OrderNote {
  readonly household: string;
  readonly kind: 'offer' | 'request';
  readonly words: string;
  readonly interval: number;
}

export interface SentTransaction {
  readonly household: string;
  readonly words: string;
  readonly method: string;
  readonly interval: number;
  readonly step: number;
}

interface JournalFile {
  readonly chainId: number;
  readonly marketplace: string;
  stepsDone: Record<string, StepKey>;
  buying: Record<string, boolean>;
  pending: PendingTransaction[];
  /** Our own transactions of the recent past: to tell a taker's trades, and which step each was sent for. */
  sent: Record<string, SentTransaction>;
  orders: Record<string, OrderNote>;
  lastScannedBlock: number;
}

/** Notes on orders and sent transactions older than this many kept are forgotten (oldest first). */
const MAX_NOTES = 5000;

export class AgentJournal {
  private constructor(
    private readonly path: string,
    private readonly data: JournalFile,
  ) {}

  /** Loads the journal, or starts one (from the deployment block) for a new chain or contract. */
  static load(path: string, chainId: number, marketplace: string, fromBlock: number): AgentJournal {
    if (existsSync(path)) {
      const saved = JSON.parse(readFileSync(path, 'utf8')) as JournalFile;
      if (saved.chainId === chainId && saved.marketplace.toLowerCase() === marketplace.toLowerCase()) return new AgentJournal(path, saved);
    }
    return new AgentJournal(path, {
      chainId,
      marketplace,
      stepsDone: {},
      buying: {},
      pending: [],
      sent: {},
      orders: {},
      lastScannedBlock: fromBlock - 1,
    });
  }

  isStepDone(household: string, key: StepKey): boolean {
    const done = this.data.stepsDone[household.toLowerCase()];
    return done !== undefined && (done.interval > key.interval || (done.interval === key.interval && done.step >= key.step));
  }

  markStepDone(household: string, key: StepKey, buying: boolean): void {
    this.data.stepsDone[household.toLowerCase()] = key;
    this.data.buying[household.toLowerCase()] = buying;
    this.save();
  }

  isBuying(household: string): boolean {
    return this.data.buying[household.toLowerCase()] ?? false;
  }

  get pending(): readonly PendingTransaction[] {
    return this.data.pending;
  }

  /** Recorded before the transaction is sent: a crash after this line sends it again, never a different one. */
  addPending(transaction: PendingTransaction): void {
    this.data.pending.push(transaction);
    if (transaction.completesStep) {
      const household = transaction.household.toLowerCase();
      this.data.stepsDone[household] = { interval: transaction.interval, step: transaction.step };
      this.data.buying[household] = transaction.completesStep.buying;
    }
    const { household, words, interval, step } = transaction;
    this.data.sent[transaction.hash] = { household, words, method: String(transaction.call['method']), interval, step };
    trim(this.data.sent);
    this.save();
  }

  /** The transaction was mined (or can never be): it is no longer pending. */
  settlePending(hash: string, restingOrder?: { orderId: number } & OrderNote): void {
    this.data.pending = this.data.pending.filter((transaction) => transaction.hash !== hash);
    if (restingOrder) {
      const { orderId, ...note } = restingOrder;
      this.data.orders[String(orderId)] = note;
      trim(this.data.orders);
    }
    this.save();
  }

  sentBy(hash: string): SentTransaction | undefined {
    return this.data.sent[hash];
  }

  orderNote(orderId: number): OrderNote | undefined {
    return this.data.orders[String(orderId)];
  }

  get lastScannedBlock(): number {
    return this.data.lastScannedBlock;
  }

  setLastScannedBlock(block: number): void {
    if (block === this.data.lastScannedBlock) return;
    this.data.lastScannedBlock = block;
    this.save();
  }

  private save(): void {
    writeJsonAtomic(this.path, this.data);
  }
}

/** Keeps the newest MAX_NOTES entries (insertion order is age). */
function trim(record: Record<string, unknown>): void {
  const keys = Object.keys(record);
  for (const key of keys.slice(0, Math.max(0, keys.length - MAX_NOTES))) delete record[key];
}

/** An AgentCall with its big numbers as strings, for the journal and the log. */
export function callToJson(call: AgentCall): Record<string, unknown> {
  return JSON.parse(JSON.stringify(call, (_key, value) => (typeof value === 'bigint' ? value.toString() : value)));
}
