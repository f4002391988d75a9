/**
 * One readable line per step of a trade, naming the node that took it:
 * `trade #12 node house-3 (0xAb12…9f3C): export order sent (queued)` for the
 * seller's node, `trade #12 node house-1 (0x7099…79C8): import order sent ...`
 * for the buyer's; the trade id, node and account are fields of the record for
 * machines.
 */
import type { Logger } from '../lib/logger';

export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

export type TradeLogLevel = 'info' | 'warn' | 'error';

export interface TradeLogger {
  /** `account`: the node's account, the seller's for a step of the export and the buyer's for the import. */
  (tradeId: number, account: string, text: string, level?: TradeLogLevel): void;
  /** A line about the service itself, not one trade. */
  service(text: string, level?: TradeLogLevel): void;
  /** The name of an account's node in the log ("house-3"), or "unknown". */
  nodeName(account: string): string;
}

export function createTradeLogger(logger: Logger, slugOf: (account: string) => string | undefined): TradeLogger {
  const nodeName = (account: string) => slugOf(account) ?? 'unknown';
  const log = ((tradeId: number, account: string, text: string, level: TradeLogLevel = 'info') => {
    const node = nodeName(account);
    logger[level]({ tradeId, node, account }, `trade #${tradeId} node ${node} (${shortAddress(account)}): ${text}`);
  }) as TradeLogger;
  log.service = (text: string, level: TradeLogLevel = 'info') => logger[level](text);
  log.nodeName = nodeName;
  return log;
}
