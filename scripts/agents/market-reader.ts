/**
 * What the agent reads from the chain before it acts: each household's agent
 * record (limits, today's use, budget) in one JSON-RPC batch, the open book
 * (offers and requests), and the households' names from the Community
 * directory.
 *
 * The book is read with getOpenOrders from the lowest order id that was open
 * at the last read: orders below it were closed then, and a closed order never
 * opens again, so each read scans only the recent ids.
 */
import type { JsonRpcHttpClient } from '../lib/json-rpc';
import type { AgentCodec } from './agent-codec';
import type { BookOrder, OnChainAgent, OrderKind } from './decide';

/** Orders per getOpenOrders page; the contract scans at most 5,000 ids per call whatever the limit. */
const PAGE = 500;

const NAME_KEPT_MS = 5 * 60_000;
/** Far above a village's households: a flood of made-up addresses cannot grow the service. */
const MOST_NAMES_KEPT = 1_000;

export class MarketReader {
  private readonly lowestOpen: Record<OrderKind, number> = { offer: 1, request: 1 };
  /** Names found in the directory, and when: anyone may ask for any address, so only names are kept, for a while. */
  private readonly names = new Map<string, { readonly name: string; readonly atMs: number }>();

  constructor(
    private readonly client: JsonRpcHttpClient,
    private readonly codec: AgentCodec,
    private readonly marketplace: string,
    private readonly community?: string,
  ) {}

  async agents(households: readonly string[]): Promise<Map<string, OnChainAgent>> {
    const result = new Map<string, OnChainAgent>();
    if (households.length === 0) return result;
    const answers = await this.client.batch(
      households.map((household) => ({ method: 'eth_call', params: [{ to: this.marketplace, data: this.codec.encodeGetAgent(household) }, 'latest'] })),
    );
    answers.forEach((answer, index) => {
      if ('error' in answer) throw answer.error;
      result.set(households[index].toLowerCase(), this.codec.decodeGetAgent(answer.result as string));
    });
    return result;
  }

  /** Every open offer and request. */
  async book(): Promise<BookOrder[]> {
    const [offers, requests] = await Promise.all([this.open('offer'), this.open('request')]);
    return [...offers, ...requests];
  }

  private async open(kind: OrderKind): Promise<BookOrder[]> {
    const orders: BookOrder[] = [];
    let cursor = this.lowestOpen[kind];
    const start = cursor;
    for (;;) {
      const data = await this.client.request<string>('eth_call', [{ to: this.marketplace, data: this.codec.encodeGetOpenOrders(kind, cursor, PAGE) }, 'latest']);
      const page = this.codec.decodeGetOpenOrders(data);
      orders.push(...page.orders);
      if (page.nextCursor === 0) break;
      cursor = page.nextCursor;
    }
    // Next time, start at the oldest order still open (or where this scan could not have missed any).
    this.lowestOpen[kind] = orders.length ? orders[0].id : Math.max(start, await this.orderCount());
    return orders;
  }

  private async orderCount(): Promise<number> {
    const data = await this.client.request<string>('eth_call', [{ to: this.marketplace, data: this.codec.market.encodeFunctionData('orderCount') }, 'latest']);
    return Number(this.codec.market.decodeFunctionResult('orderCount', data)[0]);
  }

  /** A household's name in the directory ("" outside it), remembered for a few minutes (a rename shows then). */
  async nameOf(account: string): Promise<string> {
    const key = account.toLowerCase();
    const known = this.names.get(key);
    if (known && Date.now() - known.atMs < NAME_KEPT_MS) return known.name;
    const data = this.codec.encodeNamesOf([account]);
    if (!this.community || !data) return '';
    try {
      const [name] = this.codec.decodeNamesOf(await this.client.request<string>('eth_call', [{ to: this.community, data }, 'latest']));
      if (this.names.size >= MOST_NAMES_KEPT) this.names.clear();
      if (name) this.names.set(key, { name, atMs: Date.now() });
      else this.names.delete(key);
      return name;
    } catch {
      return '';
    }
  }

  /** A name for a sentence: the directory's, else the short address. */
  async displayName(account: string): Promise<string> {
    const name = await this.nameOf(account);
    return name || `${account.slice(0, 6)}…${account.slice(-4)}`;
  }
}
