/**
 * The read API: the indexer's read model in pages, for the dApp's market,
 * My trades, charts and explorer. Read-only; money is still decided on chain
 * (an order's id here is its id in the contract, so the dApp can check
 * `getOrder(id)` through /rpc before a buy or fill).
 *
 *   GET /api/index                                   where the index stands
 *   GET /api/book?side=offer|request                 open orders by price, and how many are open
 *   GET /api/book/depth?side=offer|request&levels=   remaining energy per price level
 *   GET /api/orders?maker=0x…&status=                a household's orders, newest first
 *   GET /api/orders/{id}                             one order
 *   GET /api/trades?account=0x…&role=|order=N        trades, newest first
 *   GET /api/trades/{id}                             one trade and its events
 *   GET /api/history?interval=15m|1h|1d&from&to&utcOffsetMinutes   price and volume over time
 *   GET /api/events?account=0x…|order=N|trade=N      events, newest first (the explorer's address page)
 *   GET /api/community/hours?hours=24               the community hour by hour from its nodes (1-48 hours)
 *
 * Lists take `limit` (1-200, default 50) and `cursor` (the `next` of the page before).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { COMMUNITY_HOURS_KEPT } from '../../indexer/community-hours/community-hours-recorder';
import type { CommunityClock } from '../../lib/community-clock';
import { sendError, sendJson } from '../json-response';
import { communityHourJson, eventJson, orderJson, tradeJson } from './json-shapes';
import { INTERVALS, type Interval, marketHistory } from './market-history';
import { BadRequest, QueryParams, parseAddress, parseId } from './query-params';
import type { ReadModelConnection } from './read-model-connection';
import { bookCount, bookDepth, bookPage, communityHoursPage, eventsPage, indexStatus, orderById, ordersOfMaker, tradeById, tradesPage } from './read-queries';

const SIDES = ['offer', 'request'] as const;
const MAX_DEPTH_LEVELS = 200;
const MS_PER_HOUR = 3_600_000;

export function readApiHandler(connection: ReadModelConnection, clock: CommunityClock) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (req.method !== 'GET') {
      sendError(res, 405, 'the read API is read-only: only GET', { Allow: 'GET' });
      return;
    }
    const db = await connection.db();
    if (!db) {
      sendError(res, 503, 'the read model is not ready yet (the indexer is starting); retry in a moment', { 'Retry-After': '2' });
      return;
    }
    const status = await indexStatus(db);
    if (!status) {
      sendError(res, 503, 'the read model is not ready yet (the indexer is starting); retry in a moment', { 'Retry-After': '2' });
      return;
    }
    const parts = url.pathname.split('/').filter(Boolean).slice(1); // after "api"
    const params = new QueryParams(url.searchParams);
    try {
      const answer = await route(parts, params);
      if (answer === undefined) {
        sendError(res, 404, `no such API: ${url.pathname}`);
        return;
      }
      if ('notFound' in answer) {
        sendError(res, 404, String(answer.notFound));
        return;
      }
      sendJson(res, 200, { ...answer, indexedBlock: status.block });
    } catch (error) {
      if (error instanceof BadRequest) sendError(res, 400, error.message);
      else throw error;
    }

    async function route(parts: string[], params: QueryParams): Promise<Record<string, unknown> | { notFound: string } | undefined> {
      const [what, id] = parts;
      if (what === 'index' && parts.length === 1) {
        params.rejectUnknown();
        return { ...status!, caughtUp: status!.block >= status!.head };
      }
      if (what === 'book' && parts.length === 1) {
        const side = params.oneOf('side', SIDES);
        const limit = params.limit();
        const cursor = params.cursor();
        params.rejectUnknown();
        const [page, total] = await Promise.all([bookPage(db!, side, limit, cursor), bookCount(db!, side)]);
        return { items: page.items.map(orderJson), next: page.next, total };
      }
      if (what === 'book' && id === 'depth' && parts.length === 2) {
        const side = params.oneOf('side', SIDES);
        const levels = params.integer('levels', 50, 1, MAX_DEPTH_LEVELS);
        params.rejectUnknown();
        return { side, levels: await bookDepth(db!, side, levels) };
      }
      if (what === 'orders' && parts.length === 1) {
        const maker = params.optionalAddress('maker');
        const statusFilter = params.oneOf('status', ['open', 'filled', 'cancelled', 'all'] as const, 'all');
        const limit = params.limit();
        const cursor = params.cursor();
        params.rejectUnknown();
        if (!maker) throw new BadRequest('parameter "maker" is required (the household whose orders to list)');
        const page = await ordersOfMaker(db!, maker, statusFilter, limit, cursor);
        return { items: page.items.map(orderJson), next: page.next };
      }
      if (what === 'orders' && parts.length === 2) {
        params.rejectUnknown();
        const orderId = parseId('an order id', id);
        const order = await orderById(db!, orderId);
        return order ? { order: orderJson(order) } : { notFound: `no order #${orderId} in the index (as of block ${status!.block})` };
      }
      if (what === 'trades' && parts.length === 1) {
        const account = params.optionalAddress('account');
        const role = params.oneOf('role', ['buyer', 'seller', 'any'] as const, 'any');
        const orderId = params.optionalId('order');
        const limit = params.limit();
        const cursor = params.cursor();
        params.rejectUnknown();
        if (account && orderId !== undefined) throw new BadRequest('give "account" or "order", not both');
        if (role !== 'any' && !account) throw new BadRequest('"role" needs "account"');
        const page = await tradesPage(db!, { account, role: role === 'any' ? undefined : role, orderId }, limit, cursor);
        return { items: page.items.map(tradeJson), next: page.next };
      }
      if (what === 'trades' && parts.length === 2) {
        params.rejectUnknown();
        const tradeId = parseId('a trade id', id);
        const trade = await tradeById(db!, tradeId);
        if (!trade) return { notFound: `no trade #${tradeId} in the index (as of block ${status!.block})` };
        const events = await eventsPage(db!, { tradeId }, 50);
        return { trade: tradeJson(trade), events: events.items.reverse().map(eventJson) };
      }
      if (what === 'history' && parts.length === 1) {
        const now = Math.floor(Date.now() / 1000);
        const interval = params.oneOf('interval', Object.keys(INTERVALS) as Interval[], '1h');
        const to = params.time('to', now);
        const from = params.time('from', to - 24 * INTERVALS[interval]);
        const utcOffsetMinutes = params.integer('utcOffsetMinutes', 0, -14 * 60, 14 * 60);
        params.rejectUnknown();
        const candles = await marketHistory(db!, { interval, from, to, utcOffsetMinutes });
        return { interval, from, to, utcOffsetMinutes, candles };
      }
      if (what === 'events' && parts.length === 1) {
        const account = params.optionalAddress('account');
        const orderId = params.optionalId('order');
        const tradeId = params.optionalId('trade');
        const limit = params.limit();
        const cursor = params.cursor();
        params.rejectUnknown();
        if ([account, orderId, tradeId].filter((v) => v !== undefined).length > 1) {
          throw new BadRequest('give at most one of "account", "order" and "trade"');
        }
        const page = await eventsPage(db!, { account, orderId, tradeId }, limit, cursor);
        return { items: page.items.map(eventJson), next: page.next };
      }
      if (what === 'community' && id === 'hours' && parts.length === 2) {
        const count = params.integer('hours', 24, 1, COMMUNITY_HOURS_KEPT);
        params.rejectUnknown();
        const now = clock.nowMs();
        const nextHour = (Math.floor(now / MS_PER_HOUR) + 1) * MS_PER_HOUR;
        return { hours: (await communityHoursPage(db!, count)).map(communityHourJson), timeOfDay: clock.timeOfDay(now), nextHourInMs: Math.ceil(clock.realMsUntil(nextHour)) };
      }
      return undefined;
    }
  };
}
