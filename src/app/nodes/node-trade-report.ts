/** What a seller's energy node reports about one trade (GET /api/trades/{id}). */
export interface NodeTradeReport {
  readonly tradeId: number;
  readonly state: 'queued' | 'delivering' | 'delivered' | 'stopped';
  readonly deliveredMilliWh: number;
  readonly quantityMilliWh: number;
  readonly startedAtMs?: number;
  readonly endedAtMs?: number;
}
