/** What the chain says about one trade: still open, or how it was closed. */
import { JsonRpcError, type JsonRpcWsClient } from '../lib/json-rpc';
import type { MarketplaceCodec, RawLog } from './marketplace-codec';

/** The chain could not be asked (connection lost): try again later. */
export class ChainUnavailable extends Error {}

export class TradeOnChain {
  constructor(
    private readonly client: JsonRpcWsClient,
    private readonly codec: MarketplaceCodec,
    private readonly contract: string,
  ) {}

  /** True while the trade can still be settled (not settled, not reclaimed). */
  async isOpen(tradeId: number): Promise<boolean> {
    try {
      await this.client.request('eth_call', [{ to: this.contract, data: this.codec.encodeGetTrade(tradeId) }, 'latest']);
      return true;
    } catch (error) {
      if (error instanceof JsonRpcError) return false;
      throw new ChainUnavailable(`chain unavailable (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  /** How a trade that is no longer open was closed, in words for the log, if an event says. */
  async closingWords(tradeId: number, fromBlock: number): Promise<string | undefined> {
    const { codec } = this;
    const logs = await this.client.request<RawLog[]>('eth_getLogs', [
      {
        address: this.contract,
        topics: [[codec.tradeSettledTopic, codec.tradeReclaimedTopic], codec.tradeIdTopic(tradeId)],
        fromBlock: '0x' + fromBlock.toString(16),
        toBlock: 'latest',
      },
    ]);
    const closing = logs[0];
    if (!closing) return undefined;
    const block = Number(closing.blockNumber);
    return closing.topics[0] === codec.tradeSettledTopic
      ? `already settled in block ${block}: nothing to do`
      : `reclaimed by the buyer in block ${block}: not settled`;
  }
}
