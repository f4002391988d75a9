/**
 * The last resort against a network that stops building blocks after every
 * server went down at once (a village-wide power cut).
 *
 * geth's head is set by its beacon node. Should geth hold a block its beacon
 * node never recorded as its head (the power went off between the two writes),
 * the beacon node comes back with an older head than geth's. geth takes a
 * beacon head below its own as "still syncing" and ignores it ("Ignoring
 * beacon update to old head while syncing"), builds no block on it, and stays
 * in that state until a newer block arrives; when every server is in it, none
 * ever does. The beacon node starts from its saved head (`--sync-from head`,
 * beacon-process.ts), so this takes a kill at the wrong moment; then geth is
 * rewound to the beacon node's head (`debug_setHead`), which the validators
 * build on again. The blocks above it were never final (the beacon node, the
 * authority on the chain, does not have them as its head), so nothing final is lost.
 */
import { JsonRpcHttpClient } from '../../lib/json-rpc';

/** geth 1.17: `Ignoring beacon update to old head while syncing number=1,234 hash=0x…`. */
const OLD_HEAD = /Ignoring beacon update to old head\b.*\bnumber=([\d,]+)/;

export interface OldHeadRewindOptions {
  /** geth's JSON-RPC with the debug API, on 127.0.0.1. */
  readonly gethUrl: string;
  readonly slotSeconds: number;
  /** Slots the same old head must be refused for before geth is rewound (default 3). */
  readonly patienceSlots?: number;
  readonly log: (line: string) => void;
}

export class OldHeadRewind {
  private refused?: { readonly number: number; readonly since: number; times: number };
  private rewinding = false;

  constructor(private readonly options: OldHeadRewindOptions) {}

  /** Every line geth prints. */
  onLine(line: string): void {
    const match = OLD_HEAD.exec(line);
    // Any other head update that geth took (a new block) ends the episode.
    if (!match) {
      if (/Chain head was updated|Imported new potential chain segment/.test(line)) this.refused = undefined;
      return;
    }
    const number = Number(match[1].replace(/,/g, ''));
    if (this.refused?.number !== number) {
      this.refused = { number, since: Date.now(), times: 1 };
      return;
    }
    this.refused.times++;
    const patienceMs = (this.options.patienceSlots ?? 3) * this.options.slotSeconds * 1000;
    if (this.refused.times >= 2 && Date.now() - this.refused.since >= patienceMs && !this.rewinding) void this.rewind(number);
  }

  private async rewind(number: number): Promise<void> {
    this.rewinding = true;
    const client = new JsonRpcHttpClient(this.options.gethUrl);
    try {
      const head = Number(await client.request<string>('eth_blockNumber'));
      if (head <= number) return;
      this.options.log(
        `geth is at block ${head}, ahead of its beacon node's head ${number} after an interrupted stop: ` +
          `rewinding geth to block ${number} so blocks are built again (blocks ${number + 1}-${head} were never final)`,
      );
      await client.request('debug_setHead', ['0x' + number.toString(16)]);
      this.refused = undefined;
    } catch (error) {
      this.options.log(`could not rewind geth to block ${number}: ${error instanceof Error ? error.message : error}`);
    } finally {
      this.rewinding = false;
    }
  }
}
