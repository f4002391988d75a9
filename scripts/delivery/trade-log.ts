/** One readable line per step of a trade: `trade #12 node house-3 (0xAb12…9f3C): order sent`. */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

export interface TradeLogger {
  (tradeId: number, seller: string, text: string): void;
  /** A line about the service itself, not one trade. */
  service(text: string): void;
}

export function createTradeLogger(
  slugOf: (seller: string) => string | undefined,
  write: (line: string) => void = (line) => console.log(line),
): TradeLogger {
  const stamp = () => new Date().toISOString().slice(11, 23);
  const log = ((tradeId: number, seller: string, text: string) => {
    const node = slugOf(seller) ?? 'unknown';
    write(`${stamp()} trade #${tradeId} node ${node} (${shortAddress(seller)}): ${text}`);
  }) as TradeLogger;
  log.service = (text: string) => write(`${stamp()} ${text}`);
  return log;
}
