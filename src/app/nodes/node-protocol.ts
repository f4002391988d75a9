/**
 * The energy node's HTTP protocol, defined once for everything that speaks
 * it: the dApp, the delivery service, the main server's node proxy and
 * `npm run nodes`. Framework-free (no Angular, no Node built-ins): HMACs use
 * WebCrypto, which browsers and Node 20 both provide. The node's side is
 * firmware/src/core (node_router.h, json_writer.h, status_json.h); the
 * firmware's HTTP tests round-trip real emulator answers through this file.
 *
 * Trade ids, one representation per layer: the wire and this module use a
 * JSON `number` (the node refuses ids above 2^53 - 1, so every JSON reader
 * holds them exactly); the dApp's chain layer keeps the contract's uint256
 * as `bigint` (what ethers returns); the node keeps `uint64`.
 * `tradeIdToWire` converts at the boundary and refuses what does not fit.
 */

export const NODE_PATHS = {
  status: '/api/status',
  trades: '/api/trades',
  trade: (tradeId: number) => `/api/trades/${tradeId}`,
  stop: (tradeId: number) => `/api/trades/${tradeId}/stop`,
} as const;

/** Hex HMAC-SHA256 under the node's secret: of an order's body, or of an answer's nonce, "\n" and body. */
export const SIGNATURE_HEADER = 'X-Signature';
/** 16 to 64 fresh hex digits with every request about a trade; the answer is signed over them. */
export const NONCE_HEADER = 'X-Nonce';
const NONCE_PATTERN = /^[0-9a-fA-F]{16,64}$/;
/** The node refuses larger order and stop bodies (413), before reading them on the board. */
export const MAX_ORDER_BODY_BYTES = 256;
/** The largest trade id every JSON reader holds exactly (2^53 - 1). */
export const MAX_WIRE_TRADE_ID = Number.MAX_SAFE_INTEGER;

/** The seller's node exports (meters what it sends), the buyer's imports (meters what it receives). */
export type TradeRole = 'export' | 'import';
export const TRADE_ROLES: readonly TradeRole[] = ['export', 'import'];

export type NodeTradeState = 'queued' | 'delivering' | 'delivered' | 'stopped';
export const NODE_TRADE_STATES: readonly NodeTradeState[] = ['queued', 'delivering', 'delivered', 'stopped'];

/**
 * Why a trade ended `stopped` before its quantity was metered:
 * - `battery-flat`: an export starved with the battery at its empty voltage;
 * - `no-power`: power stayed under 1 W with the battery not flat (a cut line, a blown fuse),
 *   or an import that received nothing for its idle timeout (10 minutes by default);
 * - `over-current`: a reading above the current limit opened the relay at once;
 * - `restart`: the node restarted mid-delivery and could not resume (restarted too often, or
 *   its progress record was damaged); the figure is what it had recorded;
 * - `cancelled`: the delivery service cancelled the order;
 * - `export-ended`: an import whose seller's side ended before it started.
 */
export type StopReason = 'battery-flat' | 'no-power' | 'over-current' | 'restart' | 'cancelled' | 'export-ended';
export const STOP_REASONS: readonly StopReason[] = [
  'battery-flat',
  'no-power',
  'over-current',
  'restart',
  'cancelled',
  'export-ended',
];

/** The reasons in words, to finish a sentence such as "stopped early: 17.9 of 200 Wh, …". */
export const STOP_REASON_WORDS: Readonly<Record<StopReason, string>> = {
  'battery-flat': 'the battery ran flat',
  'no-power': 'no power on the line',
  'over-current': 'the current was too high, so the relay opened',
  restart: 'the node restarted and could not resume',
  cancelled: 'the order was cancelled',
  'export-ended': "the seller's side ended before this node started",
};

/** POST /api/trades. */
export interface NodeOrder {
  readonly tradeId: number;
  readonly quantityMilliWh: number;
  /** Absent means export. */
  readonly role?: TradeRole;
}

/** POST /api/trades/{id}/stop: `cancelled` ends any trade now; `export-ended` ends an import (the seller's side is over). */
export type StopCommand = 'cancelled' | 'export-ended';
export interface NodeStopOrder {
  readonly tradeId: number;
  readonly reason: StopCommand;
}

/**
 * A node's account of one trade: GET /api/trades/{id}, the answer to an order
 * (202) or a stop (200), `trade` in a 409/410 refusal, `activeTrade` in the status.
 */
export interface NodeTradeReport {
  readonly tradeId: number;
  readonly role: TradeRole;
  readonly quantityMilliWh: number;
  readonly state: NodeTradeState;
  /** Metered for this trade, rounded down: sent (export) or received (import). */
  readonly deliveredMilliWh: number;
  /** Power through the relay now while delivering, else 0. */
  readonly powerW: number;
  /** Node clock (ms the node has run, across restarts); null until it happens. */
  readonly startedAtMs: number | null;
  readonly endedAtMs: number | null;
  /** Set only when `state` is `stopped`. */
  readonly stopReason: StopReason | null;
  /** Times the delivery resumed after the node restarted. */
  readonly restarts: number;
}

export type LineConnection = 'open' | 'export' | 'import';

/** GET /api/status. Household figures are null where the node cannot know them. */
export interface NodeStatus {
  readonly voltageV: number;
  readonly currentA: number;
  /** Through the line sensor; negative while importing. */
  readonly powerW: number;
  readonly relayClosed: boolean;
  readonly connection: LineConnection;
  readonly energyExportedMilliWh: number;
  readonly energyImportedMilliWh: number;
  readonly activeTradeId: number | null;
  readonly queueLength: number;
  /** Still to deliver: the rest of the active trade and the queue, per role. */
  readonly exportBacklogMilliWh: number;
  readonly importBacklogMilliWh: number;
  readonly uptimeMs: number;
  readonly clockMs: number;
  readonly activeTrade: (NodeTradeReport & { readonly progressPct: number }) | null;
  readonly samplePeriodMs: number;
  readonly timeScale: number;
  readonly batterySocPct: number | null;
  readonly pvPowerW: number | null;
  readonly loadPowerW: number | null;
  readonly unmetLoadWh: number | null;
  readonly curtailedWh: number | null;
  /** Usable battery capacity, to turn the state of charge into energy. */
  readonly batteryCapacityWh: number | null;
  /** PV energy produced and load energy asked for since the node started counting (the emulator's). */
  readonly pvEnergyWh: number | null;
  readonly loadEnergyWh: number | null;
}

/** Every refusal: a sentence, the status repeated (so the answer's signature covers it) and, for 409/410, the trade. */
export interface NodeErrorBody {
  readonly error: string;
  readonly status: number;
  readonly trade?: NodeTradeReport;
}

/** What each refusal means to a client, and what it should do. */
export const NODE_REFUSALS: Readonly<Record<number, string>> = {
  400: 'bad request: malformed body, field, trade id or nonce; resending it unchanged cannot help',
  401: "the order's signature does not match this node's secret: the secret registered for the node is wrong",
  404: 'the node does not know this trade (it lost the order, e.g. a wiped state): send the order again',
  405: 'wrong method for the path',
  409: 'a different order under an id the node has queued or is delivering; `trade` says what it has',
  410: 'gone: the trade was cancelled, ended under a different order, or is older than the node remembers; never deliver it again',
  411: 'the body must be sent with Content-Length (emulator)',
  413: 'body too large: orders are under 256 bytes',
  414: 'path too long (emulator)',
  429: 'the queue is full: retry after Retry-After seconds',
  431: 'headers too large (emulator)',
};

export class NodeProtocolError extends Error {
  override readonly name = 'NodeProtocolError';
}

/** The exact bytes to sign and send: serialise once, sign and send the same string. */
export function orderBody(order: NodeOrder): string {
  const { tradeId, quantityMilliWh, role } = order;
  return JSON.stringify(role === undefined ? { tradeId, quantityMilliWh } : { tradeId, quantityMilliWh, role });
}

export function stopBody(order: NodeStopOrder): string {
  return JSON.stringify({ tradeId: order.tradeId, reason: order.reason });
}

/** 128 bits of fresh randomness as 32 hex digits, one per request. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return hex(bytes);
}

export function isNonce(text: string): boolean {
  return NONCE_PATTERN.test(text);
}

/** The signature of an order or stop body (the X-Signature the client sends). */
export function signBody(secret: string, body: string): Promise<string> {
  return hmacSha256Hex(secret, body);
}

/** The signature a node puts on its answer to a request that carried `nonce`. */
export function answerSignature(secret: string, nonce: string, body: string): Promise<string> {
  return hmacSha256Hex(secret, `${nonce}\n${body}`);
}

/**
 * True only for an answer signed by the holder of `secret` over this very
 * nonce and body: unsigned, forged, altered and replayed (old nonce) answers
 * all fail. The comparison is WebCrypto's, in constant time.
 */
export async function verifyAnswer(
  secret: string,
  nonce: string,
  body: string,
  signature: string | null | undefined,
): Promise<boolean> {
  if (!signature || !/^[0-9a-fA-F]{64}$/.test(signature) || !isNonce(nonce)) return false;
  const key = await hmacKey(secret, ['verify']);
  return globalThis.crypto.subtle.verify('HMAC', key, fromHex(signature), utf8(`${nonce}\n${body}`));
}

export async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  const key = await hmacKey(secret, ['sign']);
  return hex(new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', key, utf8(message))));
}

/** A chain trade id (bigint) as the wire carries it; throws for ids a node cannot take. */
export function tradeIdToWire(tradeId: bigint | number): number {
  const value = typeof tradeId === 'bigint' ? Number(tradeId) : tradeId;
  if (!Number.isSafeInteger(value) || value < 0 || BigInt(value) !== BigInt(tradeId)) {
    throw new NodeProtocolError(`trade id ${tradeId} is outside 0..${MAX_WIRE_TRADE_ID}`);
  }
  return value;
}

export function isFinished(report: Pick<NodeTradeReport, 'state'>): boolean {
  return report.state === 'delivered' || report.state === 'stopped';
}

/** Reads a trade report from parsed JSON, checking every field; throws NodeProtocolError. */
export function parseTradeReport(value: unknown): NodeTradeReport {
  const object = record(value, 'trade report');
  const report: NodeTradeReport = {
    tradeId: wholeNumber(object, 'tradeId'),
    role: oneOf(object, 'role', TRADE_ROLES),
    quantityMilliWh: wholeNumber(object, 'quantityMilliWh'),
    state: oneOf(object, 'state', NODE_TRADE_STATES),
    deliveredMilliWh: wholeNumber(object, 'deliveredMilliWh'),
    powerW: finiteNumber(object, 'powerW'),
    startedAtMs: nullable(object, 'startedAtMs', wholeNumber),
    endedAtMs: nullable(object, 'endedAtMs', wholeNumber),
    stopReason: nullable(object, 'stopReason', (o, k) => oneOf(o, k, STOP_REASONS)),
    restarts: wholeNumber(object, 'restarts'),
  };
  if ((report.stopReason !== null) !== (report.state === 'stopped')) {
    throw new NodeProtocolError(`trade report: stopReason ${report.stopReason} does not go with state ${report.state}`);
  }
  return report;
}

/** Reads a status answer from parsed JSON, checking every field; throws NodeProtocolError. */
export function parseNodeStatus(value: unknown): NodeStatus {
  const object = record(value, 'status');
  const active = object['activeTrade'];
  return {
    voltageV: finiteNumber(object, 'voltageV'),
    currentA: finiteNumber(object, 'currentA'),
    powerW: finiteNumber(object, 'powerW'),
    relayClosed: boolean(object, 'relayClosed'),
    connection: oneOf(object, 'connection', ['open', 'export', 'import'] as const),
    energyExportedMilliWh: wholeNumber(object, 'energyExportedMilliWh'),
    energyImportedMilliWh: wholeNumber(object, 'energyImportedMilliWh'),
    activeTradeId: nullable(object, 'activeTradeId', wholeNumber),
    queueLength: wholeNumber(object, 'queueLength'),
    exportBacklogMilliWh: wholeNumber(object, 'exportBacklogMilliWh'),
    importBacklogMilliWh: wholeNumber(object, 'importBacklogMilliWh'),
    uptimeMs: wholeNumber(object, 'uptimeMs'),
    clockMs: wholeNumber(object, 'clockMs'),
    activeTrade:
      active === null
        ? null
        : { ...parseTradeReport(active), progressPct: finiteNumber(record(active, 'activeTrade'), 'progressPct') },
    samplePeriodMs: wholeNumber(object, 'samplePeriodMs'),
    timeScale: finiteNumber(object, 'timeScale'),
    batterySocPct: nullable(object, 'batterySocPct', finiteNumber),
    pvPowerW: nullable(object, 'pvPowerW', finiteNumber),
    loadPowerW: nullable(object, 'loadPowerW', finiteNumber),
    unmetLoadWh: nullable(object, 'unmetLoadWh', finiteNumber),
    curtailedWh: nullable(object, 'curtailedWh', finiteNumber),
    // Newer fields: a node whose firmware predates them leaves them out.
    batteryCapacityWh: optional(object, 'batteryCapacityWh', finiteNumber),
    pvEnergyWh: optional(object, 'pvEnergyWh', finiteNumber),
    loadEnergyWh: optional(object, 'loadEnergyWh', finiteNumber),
  };
}

/** A refusal's body, or undefined if `value` is not one. */
export function parseNodeError(value: unknown): NodeErrorBody | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const object = value as Record<string, unknown>;
  const error = object['error'];
  const status = object['status'];
  if (typeof error !== 'string' || typeof status !== 'number') return undefined;
  const trade = object['trade'];
  return trade === undefined ? { error, status } : { error, status, trade: parseTradeReport(trade) };
}

// ---- helpers ---------------------------------------------------------------

function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function fromHex(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

// Types inferred: DOM and Node name WebCrypto's key types differently.
function hmacKey(secret: string, usages: ('sign' | 'verify')[]) {
  return globalThis.crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, usages);
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new NodeProtocolError(`${what}: expected a JSON object`);
  }
  return value as Record<string, unknown>;
}

function field(object: Record<string, unknown>, key: string): unknown {
  if (!(key in object)) throw new NodeProtocolError(`missing field "${key}"`);
  return object[key];
}

function wholeNumber(object: Record<string, unknown>, key: string): number {
  const value = field(object, key);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new NodeProtocolError(`"${key}" must be a whole number, got ${JSON.stringify(value)}`);
  }
  return value;
}

function finiteNumber(object: Record<string, unknown>, key: string): number {
  const value = field(object, key);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new NodeProtocolError(`"${key}" must be a number, got ${JSON.stringify(value)}`);
  }
  return value;
}

function boolean(object: Record<string, unknown>, key: string): boolean {
  const value = field(object, key);
  if (typeof value !== 'boolean') throw new NodeProtocolError(`"${key}" must be true or false`);
  return value;
}

function oneOf<T extends string>(object: Record<string, unknown>, key: string, allowed: readonly T[]): T {
  const value = field(object, key);
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new NodeProtocolError(`"${key}" must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** Like `nullable`, and null when the field is absent. */
function optional<T>(
  object: Record<string, unknown>,
  key: string,
  read: (object: Record<string, unknown>, key: string) => T,
): T | null {
  return key in object ? nullable(object, key, read) : null;
}

function nullable<T>(
  object: Record<string, unknown>,
  key: string,
  read: (object: Record<string, unknown>, key: string) => T,
): T | null {
  return field(object, key) === null ? null : read(object, key);
}
