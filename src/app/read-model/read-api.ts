import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, InjectionToken, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import { absoluteUrl } from '../chain/read-provider';
import { RUNTIME_CONFIG } from '../config/config.service';
import { AppError } from '../core/app-error';
import { READ_TIMEOUT_MS, withTimeout } from '../core/with-timeout';
import type {
  ApiBookPage,
  ApiCommunityHours,
  ApiDepth,
  ApiEvent,
  ApiHistory,
  ApiIndexStatus,
  ApiOrder,
  ApiOrderAnswer,
  ApiOrderKind,
  ApiOrderStatus,
  ApiPage,
  ApiTrade,
  ApiTradeAnswer,
} from './api-shapes';

/** The main server's read API, absolute (`http://<host>/api`). */
export const READ_API_URL = new InjectionToken<string>('READ_API_URL', {
  providedIn: 'root',
  factory: () => absoluteUrl(inject(RUNTIME_CONFIG).apiUrl ?? '/api').replace(/\/$/, ''),
});

/** Which page of a list: how many items, and where the page before ended. */
export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string | null;
}

export interface TradeFilter {
  readonly account?: string;
  readonly role?: 'buyer' | 'seller';
  readonly order?: bigint | number;
}

export interface EventFilter {
  readonly account?: string;
  readonly order?: bigint | number;
  readonly trade?: bigint | number;
}

export interface HistoryQuery {
  readonly interval: '15m' | '1h' | '1d';
  /** Unix seconds. */
  readonly from: number;
  readonly to: number;
  /** The reader's time zone, so that days begin at their midnight. */
  readonly utcOffsetMinutes: number;
}

/** A busy or starting server is asked again this many times before the page says so. */
const RETRIES = 4;
const MAX_RETRY_WAIT_MS = 3000;

export const API_UNREACHABLE_MESSAGE =
  'The main server cannot be reached. Check the Wi-Fi connection to the main server and try again.';
export const API_STARTING_MESSAGE = 'The main server is still reading the ledger; try again in a moment.';

/**
 * The indexed read model, in pages (docs/system.md, "The read API"): the
 * book, a household's orders and trades, one order or trade, price history and
 * the explorer's events. Answers come in the wire shapes of api-shapes.ts;
 * every failure becomes an AppError in words. What moves money is never
 * decided from here: the chain is asked before a buy or a fill.
 */
@Injectable({ providedIn: 'root' })
export class ReadApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(READ_API_URL);

  index(): Promise<ApiIndexStatus> {
    return this.get('index');
  }

  /** Open offers cheapest first, or open requests dearest first, and how many are open. */
  book(side: ApiOrderKind, page: PageRequest): Promise<ApiBookPage> {
    return this.get('book', { side, ...pageParams(page) });
  }

  depth(side: ApiOrderKind, levels: number): Promise<ApiDepth> {
    return this.get('book/depth', { side, levels });
  }

  /** A household's orders, newest first. */
  orders(maker: string, status: ApiOrderStatus | 'all', page: PageRequest): Promise<ApiPage<ApiOrder>> {
    return this.get('orders', { maker: maker.toLowerCase(), status, ...pageParams(page) });
  }

  order(id: bigint | number): Promise<ApiOrderAnswer> {
    return this.get(`orders/${id}`);
  }

  /** Trades newest first: a household's, an order's, or the market's. */
  trades(filter: TradeFilter, page: PageRequest): Promise<ApiPage<ApiTrade>> {
    return this.get('trades', {
      ...(filter.account ? { account: filter.account.toLowerCase() } : {}),
      ...(filter.role ? { role: filter.role } : {}),
      ...(filter.order !== undefined ? { order: String(filter.order) } : {}),
      ...pageParams(page),
    });
  }

  trade(id: bigint | number): Promise<ApiTradeAnswer> {
    return this.get(`trades/${id}`);
  }

  history(query: HistoryQuery): Promise<ApiHistory> {
    return this.get('history', { ...query });
  }

  /** The community's last `hours` hours from its nodes' readings (PV, load, batteries, traded energy), oldest first. */
  communityHours(hours: number): Promise<ApiCommunityHours> {
    return this.get('community/hours', { hours });
  }

  /** Decoded events newest first: an address's activity, an order's or a trade's history, or all. */
  events(filter: EventFilter, page: PageRequest): Promise<ApiPage<ApiEvent>> {
    return this.get('events', {
      ...(filter.account ? { account: filter.account.toLowerCase() } : {}),
      ...(filter.order !== undefined ? { order: String(filter.order) } : {}),
      ...(filter.trade !== undefined ? { trade: String(filter.trade) } : {}),
      ...pageParams(page),
    });
  }

  private async get<T>(path: string, params: Record<string, string | number> = {}): Promise<T> {
    const url = `${this.base}/${path}`;
    for (let attempt = 0; ; attempt++) {
      try {
        return await withTimeout(
          firstValueFrom(this.http.get<T>(url, { params })),
          READ_TIMEOUT_MS,
          'The main server did not answer in time. Check the Wi-Fi connection to the main server and try again.',
        );
      } catch (error) {
        const wait = retryAfterMs(error);
        if (wait === null || attempt >= RETRIES) throw toApiError(error);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
}

function pageParams(page: PageRequest): Record<string, string | number> {
  return page.cursor ? { limit: page.limit, cursor: page.cursor } : { limit: page.limit };
}

/** How long to wait before asking again a server that is starting (503) or busy (429); null: do not. */
function retryAfterMs(error: unknown): number | null {
  if (!(error instanceof HttpErrorResponse) || (error.status !== 503 && error.status !== 429)) return null;
  const seconds = Number(error.headers?.get('Retry-After'));
  return Math.min(MAX_RETRY_WAIT_MS, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000);
}

/** The server's one sentence, in an AppError of the kind its status says. */
export function toApiError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (!(error instanceof HttpErrorResponse)) return new AppError('unknown', 'Something went wrong reading the market.', undefined, error);
  const said = (error.error as { error?: unknown } | null)?.error;
  const sentence = typeof said === 'string' ? `${said.charAt(0).toUpperCase()}${said.slice(1)}.` : null;
  switch (error.status) {
    case 0:
      return new AppError('unreachable', API_UNREACHABLE_MESSAGE, undefined, error);
    case 400:
      return new AppError('invalid-input', sentence ?? 'The main server did not understand the request.', undefined, error);
    case 404:
      return new AppError('not-found', sentence ?? 'Not found.', undefined, error);
    case 503:
      return new AppError('unreachable', API_STARTING_MESSAGE, undefined, error);
    default:
      return new AppError('unknown', sentence ?? `The main server answered ${error.status}; try again in a moment.`, undefined, error);
  }
}
