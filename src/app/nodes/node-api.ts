import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, InjectionToken, inject } from '@angular/core';
import { type Observable, catchError, exhaustMap, map, of, takeWhile, timeout, timer } from 'rxjs';

import { type NodeTradeReport, isFinished, parseTradeReport } from './node-protocol';

/** Where the main server's node proxy lives; '' is this page's own server. */
export const NODE_API_BASE_URL = new InjectionToken<string>('NODE_API_BASE_URL', {
  providedIn: 'root',
  factory: () => '',
});

/** How often a delivery is polled: the progress bar moves about once a second. */
export const DELIVERY_POLL_MS = 1000;
const REQUEST_TIMEOUT_MS = 5000;

/** One reading of a delivery: the node's report, or why there is none. */
export type DeliveryReading =
  | { readonly kind: 'report'; readonly report: NodeTradeReport }
  /** The node does not know the trade yet: the delivery service has not sent it. */
  | { readonly kind: 'not-started' }
  | { readonly kind: 'unreachable'; readonly message: string };

/** Reads the sellers' energy nodes through the main server's read-only proxy. */
@Injectable({ providedIn: 'root' })
export class NodeApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(NODE_API_BASE_URL);

  /** GET /api/nodes/{seller}/trades/{tradeId}, once. */
  tradeReport(seller: string, tradeId: bigint): Observable<DeliveryReading> {
    return this.http.get<unknown>(`${this.base}/api/nodes/${seller}/trades/${tradeId}`).pipe(
      timeout(REQUEST_TIMEOUT_MS),
      map((body): DeliveryReading => ({ kind: 'report', report: parseTradeReport(body) })),
      catchError((error: unknown) => of(readingOfError(error))),
    );
  }

  /** Polls a delivery until the node says it is over (delivered or stopped). */
  followDelivery(seller: string, tradeId: bigint): Observable<DeliveryReading> {
    return timer(0, DELIVERY_POLL_MS).pipe(
      exhaustMap(() => this.tradeReport(seller, tradeId)),
      takeWhile((reading) => reading.kind !== 'report' || !isFinished(reading.report), true),
    );
  }
}

function readingOfError(error: unknown): DeliveryReading {
  if (error instanceof HttpErrorResponse && error.status === 404) return { kind: 'not-started' };
  const detail = error instanceof HttpErrorResponse ? (error.error as { error?: string } | null)?.error : undefined;
  return { kind: 'unreachable', message: detail ?? "The seller's energy node cannot be reached right now." };
}
