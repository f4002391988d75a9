import { toQuantity } from 'ethers/utils';

import type { RawLog } from './market-event';

/** What reading logs needs of a provider: raw JSON-RPC, as ethers' `send` answers it. */
export interface RpcSender {
  send(method: string, params: unknown[]): Promise<unknown>;
}

export interface LogFilter {
  readonly address: string;
  /** topic0 alternatives, then indexed arguments (null: any). */
  readonly topics?: readonly (string | readonly string[] | null)[];
  readonly fromBlock: number;
  readonly toBlock: number;
}

/** A log as the node sends it. */
interface JsonRpcLog {
  readonly topics: readonly string[];
  readonly data: string;
  readonly blockNumber: string;
  readonly transactionHash: string;
  readonly logIndex: string;
}

/**
 * Blocks per eth_getLogs: the main server's gateway refuses wider ranges
 * (MAX_LOG_BLOCK_RANGE in scripts/server/log-range-guard.ts).
 */
export const LOG_WINDOW_BLOCKS = 5_000;

/**
 * `eth_getLogs`, its answer kept raw, in windows of LOG_WINDOW_BLOCKS blocks.
 * ethers' `getLogs` builds a `Log` per entry and checksums its address with a
 * keccak hash each time: about 0.3 s for 10,000 logs, where this takes a few
 * milliseconds.
 */
export async function readRawLogs(sender: RpcSender, filter: LogFilter): Promise<RawLog[]> {
  const logs: RawLog[] = [];
  for (let from = filter.fromBlock; from <= filter.toBlock; from += LOG_WINDOW_BLOCKS) {
    const answer = await sender.send('eth_getLogs', [
      {
        address: filter.address,
        ...(filter.topics ? { topics: filter.topics } : {}),
        fromBlock: toQuantity(from),
        toBlock: toQuantity(Math.min(from + LOG_WINDOW_BLOCKS - 1, filter.toBlock)),
      },
    ]);
    if (!Array.isArray(answer)) throw new Error('The chain answered eth_getLogs with something other than a list of logs.');
    for (const log of answer as JsonRpcLog[]) logs.push(toRawLog(log));
  }
  return logs;
}

function toRawLog(log: JsonRpcLog): RawLog {
  return {
    topics: log.topics,
    data: log.data,
    blockNumber: Number(log.blockNumber),
    transactionHash: log.transactionHash,
    index: Number(log.logIndex),
  };
}
