/**
 * Watches the chain directly (Ganache's WebSocket on loopback) and notes when
 * each block and each settlement first became visible: the benchmark's
 * stand-in for "the moment the block was mined".
 */
import { Interface } from 'ethers';

import { JsonRpcWsClient } from '../../lib/json-rpc';
import { wallNow } from './node-clock';

export class ChainObserver {
  /** Block number -> wall ms its newHeads notification arrived. */
  readonly blockSeenAt = new Map<number, number>();
  /** Trade id -> wall ms its TradeSettled log arrived. */
  readonly settledSeenAt = new Map<number, number>();
  private constructor(readonly client: JsonRpcWsClient) {}

  static async open(chainPort: number, marketplace: string, abi: readonly unknown[]): Promise<ChainObserver> {
    const client = await JsonRpcWsClient.open(`ws://127.0.0.1:${chainPort}`);
    const observer = new ChainObserver(client);
    const market = new Interface(abi as never);
    const settled = market.getEvent('TradeSettled')!;
    await client.subscribe(['newHeads'], (head) => {
      const number = Number((head as { number: string }).number);
      if (!observer.blockSeenAt.has(number)) observer.blockSeenAt.set(number, wallNow());
    });
    await client.subscribe(['logs', { address: marketplace, topics: [settled.topicHash] }], (log) => {
      const tradeId = Number(BigInt((log as { topics: string[] }).topics[1]));
      if (!observer.settledSeenAt.has(tradeId)) observer.settledSeenAt.set(tradeId, wallNow());
    });
    return observer;
  }

  close(): void {
    this.client.close();
  }
}
