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
 * broken node does not hold up its neighbours' trades. Each node keeps its
 * own line of waiting trades, and only the trades waiting for a node are
 * woken when it is released: a busy minute with hundreds of trades waiting
 * costs a few checks per release, not hundreds.
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
  /** Each node's waiting trades, in id order. */
  private readonly lines = new Map<string, number[]>();
  /** Who to wake when a node changes, by account; `*` for any change. */
  private readonly listeners = new Map<string, Set<() => void>>();

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
    if (this.waiting.has(claimant.tradeId)) return;
    this.waiting.set(claimant.tradeId, claimant);
    for (const account of claimant.accounts) {
      const line = this.lines.get(account) ?? [];
      let at = line.length;
      while (at > 0 && line[at - 1] > claimant.tradeId) at -= 1;
      line.splice(at, 0, claimant.tradeId);
      this.lines.set(account, line);
    }
  }

  /** Takes the trade's nodes if they are free and it is its turn; true if it holds them now. */
  tryTake(claimant: Claimant): boolean {
    for (const account of claimant.accounts) {
      if (this.isBusyWithOther(account, claimant.tradeId) || this.owesStop(account)) return false;
      for (const earlier of this.lines.get(account) ?? []) {
        if (earlier >= claimant.tradeId) break;
        const other = this.waiting.get(earlier);
        if (other && !other.accounts.some((a) => this.isDown(a))) return false;
      }
    }
    this.hold(claimant);
    return true;
  }

  /** Holds the nodes without asking: a trade they already have (resumed after a restart). */
  hold(claimant: Claimant): void {
    this.leaveLines(claimant);
    for (const account of claimant.accounts) {
      let set = this.holders.get(account);
      if (!set) this.holders.set(account, (set = new Set()));
      set.add(claimant.tradeId);
    }
  }

  /** The trade no longer needs its nodes (or gave up waiting): the next ones may go. */
  release(claimant: Claimant): void {
    this.leaveLines(claimant);
    for (const account of claimant.accounts) this.holders.get(account)?.delete(claimant.tradeId);
    this.changed(claimant.accounts);
  }

  isBusy(account: string): boolean {
    return (this.holders.get(account)?.size ?? 0) > 0;
  }

  /** Busy with a trade other than `tradeId` (a trade that kept its nodes through a failure may take them again). */
  isBusyWithOther(account: string, tradeId: number): boolean {
    const set = this.holders.get(account);
    return !!set && [...set].some((holder) => holder !== tradeId);
  }

  /** Wakes whoever waits for these nodes (all waiting trades without `accounts`): released, back, or told its stop. */
  changed(accounts?: readonly string[]): void {
    const keys = accounts ? [...accounts, '*'] : [...this.listeners.keys()];
    const woken = new Set<() => void>();
    for (const key of keys) for (const listener of this.listeners.get(key) ?? []) woken.add(listener);
    for (const listener of woken) listener();
  }

  /** Resolves on the next change of one of these nodes, or after `ms`. */
  nextChange(ms: number, accounts: readonly string[] = ['*']): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        for (const account of accounts) this.listeners.get(account)?.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      for (const account of accounts) {
        let set = this.listeners.get(account);
        if (!set) this.listeners.set(account, (set = new Set()));
        set.add(done);
      }
    });
  }

  private leaveLines(claimant: Claimant): void {
    if (!this.waiting.delete(claimant.tradeId)) return;
    for (const account of claimant.accounts) {
      const line = this.lines.get(account);
      const at = line?.indexOf(claimant.tradeId) ?? -1;
      if (line && at >= 0) line.splice(at, 1);
      if (line?.length === 0) this.lines.delete(account);
    }
  }
}
