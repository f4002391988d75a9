/**
 * One readable line per step of a trade: `trade #12 node house-3 (0xAb12…9f3C): order sent`,
 * with the trade id, node and seller as fields of the record for machines.
 */
import type { Logger } from '../lib/logger';

export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

export type TradeLogLevel = 'info' | 'warn' | 'error';

export interface TradeLogger {
  (tradeId: number, seller: string, text: string, level?: TradeLogLevel): void;
  /** A line about the service itself, not one trade. */
  service(text: string, level?: TradeLogLevel): void;
}

export function createTradeLogger(logger: Logger, slugOf: (seller: string) => string | undefined): TradeLogger {
  const log = ((tradeId: number, seller: string, text: string, level: TradeLogLevel = 'info') => {
    const node = slugOf(seller) ?? 'unknown';
    logger[level]({ tradeId, node, seller }, `trade #${tradeId} node ${node} (${shortAddress(seller)}): ${text}`);
  }) as TradeLogger;
  log.service = (text: string, level: TradeLogLevel = 'info') => logger[level](text);
  return log;
}
