/**
 * One transaction at a time into Ganache, whoever sends it (the gateway for
 * the peers, the delivery service, other services). Ganache 7.9.2 in eager
 * instamine mode reads the sender's nonce while another block may still be
 * mined; two transactions of different senders arriving together then get a
 * wrong answer ("the tx doesn't have the correct nonce" for a transaction it
 * mines anyway) or one is left in the pool's future queue for good
 * (ganache#3794, #4530, #4522; seen here under load). Each block holds one
 * transaction in instamine mode, so taking them in turn costs little.
 *
 * The lane also gives a moment when no block is being made (`between`): the
 * backup takes the ledger's snapshot there, so it holds whole blocks only.
 */
import type { EthereumProvider } from 'ganache';

/** Requests that put a transaction in the pool or mine a block. */
const TRANSACTION_METHODS = new Set(['eth_sendRawTransaction', 'eth_sendTransaction', 'personal_sendTransaction', 'evm_mine']);

/**
 * The longest one request keeps the next waiting: a mined transaction answers
 * within milliseconds, but one whose nonce leaves a gap is answered only when
 * the gap is filled, which must not stop everyone else.
 */
const HOLD_LIMIT_MS = 30_000;

type RawRequest = (args: { method: string; params?: unknown[] }) => Promise<{ value: Promise<unknown> }>;

export class TransactionLane {
  private lane: Promise<void> = Promise.resolve();

  /** Makes every transaction request of `provider` (which Ganache's server calls) take its turn. */
  wrap(provider: EthereumProvider): void {
    const target = provider as unknown as { _requestRaw: RawRequest };
    const original = target._requestRaw.bind(provider);
    target._requestRaw = async (args) => {
      if (!TRANSACTION_METHODS.has(args.method)) return original(args);
      const release = await this.turn(HOLD_LIMIT_MS);
      try {
        const raw = await original(args);
        // The answer is ready when the transaction is mined (eager instamine): keep the turn until then.
        raw.value.then(release, release);
        return raw;
      } catch (error) {
        release();
        throw error;
      }
    };
  }

  /** Runs `work` while no transaction is being taken or mined. */
  async between<T>(work: () => Promise<T> | T): Promise<T> {
    const release = await this.turn(Number.POSITIVE_INFINITY);
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Waits for the lane; the returned function gives it back (at the latest after `holdLimitMs`). */
  private async turn(holdLimitMs: number): Promise<() => void> {
    const previous = this.lane;
    let release!: () => void;
    this.lane = new Promise<void>((resolve) => (release = resolve));
    await previous;
    const timer = Number.isFinite(holdLimitMs) ? setTimeout(release, holdLimitMs) : undefined;
    return () => {
      clearTimeout(timer);
      release();
    };
  }
}
