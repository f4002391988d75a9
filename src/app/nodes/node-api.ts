import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, InjectionToken, inject } from '@angular/core';
import { type Observable, catchError, combineLatest, exhaustMap, map, of, shareReplay, takeWhile, timeout, timer } from 'rxjs';

import { RUNTIME_CONFIG } from '../config/config.service';
import { type NodeTradeReport, isFinished, parseTradeReport } from './node-protocol';
import type { NodeQueue } from './node-queue';

/** Where the main server's node proxy lives; '' is this page's own server. */
export const NODE_API_BASE_URL = new InjectionToken<string>('NODE_API_BASE_URL', {
  providedIn: 'root',
  factory: () => '',
});

/** How often a delivery is polled: the progress bar moves about once a second. */
export const DELIVERY_POLL_MS = 1000;
const REQUEST_TIMEOUT_MS = 5000;

/** One reading of one node's side of a delivery: its report, or why there is none. */
export type DeliveryReading =
  | { readonly kind: 'report'; readonly report: NodeTradeReport }
  /** The node does not know the trade yet: the delivery service has not sent it (its nodes are busy). */
  | { readonly kind: 'not-started' }
  | { readonly kind: 'unreachable'; readonly message: string };

/** Both ends of a delivery as the nodes report them now. */
export interface TradeDelivery {
  /** The seller's node: what it sent. */
  readonly seller: DeliveryReading;
  /** The buyer's node: what it received; null when the buyer has no node (the trade settles one-sided). */
  readonly buyer: DeliveryReading | null;
  /** Simulated seconds per real second at the seller's node (1 on a board), to turn its power into a time left; null until known. */
  readonly timeScale: number | null;
}

/** Reads the households' energy nodes through the main server's read-only proxy. */
@Injectable({ providedIn: 'root' })
export class NodeApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(NODE_API_BASE_URL);
  private readonly config = inject(RUNTIME_CONFIG);
  private readonly timeScales = new Map<string, Observable<number | null>>();

  /** Whether the account has an energy node (the runtime config lists them). */
  hasNode(account: string): boolean {
    const wanted = account.toLowerCase();
    return Object.keys(this.config.nodes ?? {}).some((known) => known.toLowerCase() === wanted);
  }

  /** GET /api/nodes/{account}/trades/{tradeId}, once. */
  tradeReport(account: string, tradeId: bigint): Observable<DeliveryReading> {
    return this.http.get<unknown>(`${this.base}/api/nodes/${account}/trades/${tradeId}`).pipe(
      timeout(REQUEST_TIMEOUT_MS),
      map((body): DeliveryReading => ({ kind: 'report', report: parseTradeReport(body) })),
      catchError((error: unknown) => of(readingOfError(error))),
    );
  }

  /** GET /api/nodes/{account}/queue, once; null when the server cannot say. */
  queue(account: string): Observable<NodeQueue | null> {
    return this.http.get<NodeQueue>(`${this.base}/api/nodes/${account}/queue`).pipe(
      timeout(REQUEST_TIMEOUT_MS),
      catchError(() => of(null)),
    );
  }

  /** Polls one node's side of a delivery until that node says it is over (delivered or stopped). */
  followDelivery(account: string, tradeId: bigint): Observable<DeliveryReading> {
    return timer(0, DELIVERY_POLL_MS).pipe(
      exhaustMap(() => this.tradeReport(account, tradeId)),
      takeWhile((reading) => reading.kind !== 'report' || !isFinished(reading.report), true),
    );
  }

  /** Follows both ends of a trade: the seller's node and, where the buyer has one, the buyer's. */
  followTrade(seller: string, buyer: string, tradeId: bigint): Observable<TradeDelivery> {
    return combineLatest([
      this.followDelivery(seller, tradeId),
      this.hasNode(buyer) ? this.followDelivery(buyer, tradeId) : of(null),
      this.timeScaleOf(seller),
    ]).pipe(map(([sellerSide, buyerSide, timeScale]) => ({ seller: sellerSide, buyer: buyerSide, timeScale })));
  }

  /** A node's time scale, asked once per page. */
  private timeScaleOf(account: string): Observable<number | null> {
    let scale = this.timeScales.get(account.toLowerCase());
    if (!scale) {
      scale = this.queue(account).pipe(
        map((queue) => queue?.node?.timeScale ?? null),
        shareReplay(1),
      );
      this.timeScales.set(account.toLowerCase(), scale);
    }
    return scale;
  }
}

function readingOfError(error: unknown): DeliveryReading {
  if (error instanceof HttpErrorResponse && error.status === 404) return { kind: 'not-started' };
  const detail = error instanceof HttpErrorResponse ? (error.error as { error?: string } | null)?.error : undefined;
  return { kind: 'unreachable', message: detail ?? 'The energy node cannot be reached right now.' };
}
