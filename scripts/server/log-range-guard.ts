/**
 * eth_getLogs as the gateway lets it through. Ganache reads every block of the
 * range, one after the other on its one thread, and nothing else runs on the
 * chain meanwhile: a range over a whole year's ledger would hold every other
 * peer's transaction for seconds. So a peer reads logs in windows of at most
 * MAX_LOG_BLOCK_RANGE blocks (the dApp's log reader does; so does MetaMask,
 * block by block). One block by its hash is always fine.
 *
 * Measured on the 2-core development machine, Ganache on disk, idle: 5,000
 * blocks take 150-220 ms, 20,000 take 0.8-1.2 s, growing with the ledger; a
 * window of 5,000 costs about what a call at the gas cap does.
 */
import type { Guarded } from './call-guard';
import { RPC_ERRORS } from './rpc-policy';

/** Blocks one eth_getLogs may span (src/app/chain/log-reader.ts reads in windows of this size). */
export const MAX_LOG_BLOCK_RANGE = 5_000;

const QUANTITY = /^0x(0|[1-9a-f][0-9a-f]*)$/i;
const HEAD_TAGS = new Set(['latest', 'pending', 'safe', 'finalized']);

/** Reads the guard needs from the chain. */
export interface LogRangeLookups {
  headBlock(): Promise<number>;
}

export async function guardLogRange(params: unknown, lookups: LogRangeLookups): Promise<Guarded> {
  const filter = Array.isArray(params) ? params[0] : undefined;
  // Anything else is the chain's to refuse, with its own words (a malformed filter costs it nothing).
  if (!Array.isArray(params) || typeof filter !== 'object' || filter === null) return { ok: true, params: params as unknown[] };
  const { fromBlock, toBlock, blockHash } = filter as Record<string, unknown>;
  if (blockHash !== undefined) {
    if (fromBlock !== undefined || toBlock !== undefined) return refuse('eth_getLogs takes either blockHash or fromBlock/toBlock, not both');
    return { ok: true, params };
  }
  let head: number | undefined;
  const blockOf = async (block: unknown): Promise<number | undefined> => {
    if (block === undefined || (typeof block === 'string' && HEAD_TAGS.has(block))) return (head ??= await lookups.headBlock());
    if (block === 'earliest') return 0;
    if (typeof block === 'string' && QUANTITY.test(block)) return Number.parseInt(block, 16);
    return undefined;
  };
  const [from, to] = [await blockOf(fromBlock), await blockOf(toBlock)];
  if (from === undefined || to === undefined || to < from) return { ok: true, params };
  if (to - from + 1 > MAX_LOG_BLOCK_RANGE) {
    return refuse(
      `eth_getLogs may span at most ${MAX_LOG_BLOCK_RANGE.toLocaleString('en-US')} blocks; ask for blocks ${from} to ${to} in parts of that size`,
    );
  }
  return { ok: true, params };
}

function refuse(message: string): Guarded {
  return { ok: false, code: RPC_ERRORS.limitExceeded, message };
}
