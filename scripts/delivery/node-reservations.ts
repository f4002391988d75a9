/**
 * Which trade each energy node is busy with, and whose turn is next.
 *
 * A node delivers one trade at a time, of either role, and a trade needs both
 * of its nodes at once: the buyer's import relay must be closed while the
 * seller's export relay is, or the buyer's meter misses what was sent. So a
 * trade starts only when all its nodes are free, and takes them together
 * (one step, no awaiting in between), which cannot deadlock the way queueing
 * an import at one node and an export at another can (two households that
 * buy from each other at once).
 *
 * Turns go in trade-id order per node, so an early trade is not overtaken
 * for ever; a trade whose node is down (being waited out) is skipped, so one
 * broken node does not hold up its neighbours' trades.
 */
export interface Claimant {
  readonly tradeId: number;
  /** Lower-case accounts of the trade's nodes. */
  readonly accounts: readonly string[];
}

export class NodeReservations {
  /** Trades holding each node (normally one; more only for trades resumed from an older state file). */
  private readonly holders = new Map<string, Set<number>>();
  private readonly waiting = new Map<number, Claimant>();
  private readonly listeners = new Set<() => void>();

  /**
   * @param isDown a node being waited out after a failure: trades that need it do not block others
   * @param owesStop a node still owed a stop: busy until it has heard it
   */
  constructor(
    private readonly isDown: (account: string) => boolean,
    private readonly owesStop: (account: string) => boolean,
  ) {}

  /** The trade waits for its nodes; `tryTake` takes them when it is its turn. */
  wait(claimant: Claimant): void {
    this.waiting.set(claimant.tradeId, claimant);
  }

  /** Takes the trade's nodes if they are free and it is its turn; true if it holds them now. */
  tryTake(claimant: Claimant): boolean {
    for (const account of claimant.accounts) {
      if (this.isBusyWithOther(account, claimant.tradeId) || this.owesStop(account)) return false;
      for (const other of this.waiting.values()) {
        if (other.tradeId < claimant.tradeId && other.accounts.includes(account) && !other.accounts.some(this.isDown)) return false;
      }
    }
    this.hold(claimant);
    return true;
  }

  /** Holds the nodes without asking: a trade they already have (resumed after a restart). */
  hold(claimant: Claimant): void {
    this.waiting.delete(claimant.tradeId);
    for (const account of claimant.accounts) {
      let set = this.holders.get(account);
      if (!set) this.holders.set(account, (set = new Set()));
      set.add(claimant.tradeId);
    }
  }

  /** The trade no longer needs its nodes (or gave up waiting): the next ones may go. */
  release(claimant: Claimant): void {
    this.waiting.delete(claimant.tradeId);
    for (const account of claimant.accounts) this.holders.get(account)?.delete(claimant.tradeId);
    this.changed();
  }

  isBusy(account: string): boolean {
    return (this.holders.get(account)?.size ?? 0) > 0;
  }

  /** Busy with a trade other than `tradeId` (a trade that kept its nodes through a failure may take them again). */
  isBusyWithOther(account: string, tradeId: number): boolean {
    const set = this.holders.get(account);
    return !!set && [...set].some((holder) => holder !== tradeId);
  }

  /** Trades waiting for a node, for the market's estimate of when a delivery would start. */
  waitingFor(account: string): number[] {
    return [...this.waiting.values()].filter((c) => c.accounts.includes(account)).map((c) => c.tradeId);
  }

  /** Wakes whoever waits for a turn: a node was released, came back, or heard its stop. */
  changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves on the next change, or after `ms`. */
  nextChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.listeners.add(done);
    });
  }
}
