/**
 * The disputed trades, for the operator (`npm run nodes -- disputes`, and
 * `npm run community -- disputes` with the households' names and the
 * community's money): every settlement whose buyer's node received less than
 * the seller's node sent, beyond the community's line-loss allowance. The
 * chain's TradeSettled events are the record.
 */
import type { Deployment } from '../deploy/deployment-file';
import { MarketplaceCodec, type RawLog, type SettledTrade } from '../delivery/marketplace-codec';
import { formatEnergyFigures } from '../../src/app/core/units';
import { meterFiguresText } from '../../src/app/trades/trade-stage';

/** A JSON-RPC call, whatever the client (the services' own, or an ethers provider's `send`). */
export type RpcRequest = <T>(method: string, params: unknown[]) => Promise<T>;

/** How the lines name a household and write an amount of money. */
export interface DisputeWording {
  readonly nameOf: (account: string) => string;
  readonly money: (wei: bigint) => string;
}

/** Blocks per eth_getLogs call: keeps each answer bounded on a long ledger. */
const BLOCK_RANGE = 5000;

export async function readDisputedTrades(request: RpcRequest, deployment: Deployment): Promise<SettledTrade[]> {
  const codec = new MarketplaceCodec(deployment.abi);
  const head = Number(await request<string>('eth_blockNumber', []));
  const disputed: SettledTrade[] = [];
  for (let from = deployment.deployedOnBlock; from <= head; from += BLOCK_RANGE) {
    const logs = await request<RawLog[]>('eth_getLogs', [
      {
        address: deployment.address,
        topics: [codec.tradeSettledTopic],
        fromBlock: '0x' + from.toString(16),
        toBlock: '0x' + Math.min(head, from + BLOCK_RANGE - 1).toString(16),
      },
    ]);
    for (const log of logs) {
      const settled = codec.parseTradeSettled(log);
      if (settled?.metering === 'disputed') disputed.push(settled);
    }
  }
  return disputed;
}

/** One line per disputed trade, oldest first, in words an operator reads. */
export function describeDisputedTrades(trades: readonly SettledTrade[], allowanceBps: number, wording: DisputeWording): string[] {
  const allowance = `${allowanceBps / 100}%`;
  if (trades.length === 0) {
    return [`No disputed trades: every settled trade's two meters agreed within the ${allowance} line-loss allowance.`];
  }
  const name = (account: string) => `${wording.nameOf(account)} (${account})`;
  const lines = [`${trades.length} disputed trade(s): the buyer's node received less than the seller's sent, beyond the ${allowance} line-loss allowance.`];
  for (const trade of trades) {
    const lost = trade.sentMilliWh === 0 ? 0 : (100 * (trade.sentMilliWh - trade.receivedMilliWh)) / trade.sentMilliWh;
    const [paidFor] = formatEnergyFigures([BigInt(trade.deliveredMilliWh)]);
    lines.push(
      `  trade #${trade.tradeId}, settled in block ${trade.blockNumber}: ` +
        `${meterFiguresText(BigInt(trade.sentMilliWh), BigInt(trade.receivedMilliWh), 'disputed')} (${lost.toFixed(1)}% lost)`,
      `    seller ${name(trade.seller)} paid ${wording.money(trade.sellerAmountWei)} for ${paidFor}; ` +
        `buyer ${name(trade.buyer)} refunded ${wording.money(trade.buyerRefundWei)}`,
    );
  }
  lines.push("Check the line between them and both nodes' calibration; a seller's node that reports more than it sends shows up here.");
  return lines;
}
