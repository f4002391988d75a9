/**
 * The chain's newest final block, as the `finalized` block tag names it: on
 * Ganache its newest block, on a proof-of-stake network the newest block of
 * the last finalized epoch. A new network has finalized nothing for its
 * first two to three epochs, and geth then answers an error ("finalized
 * block not found"), not null: both mean "nothing final yet".
 */
import { type JsonRpcClient, JsonRpcError } from './json-rpc';

/** The number of the newest final block; -1 while nothing is final yet. */
export async function finalizedBlockNumber(client: Pick<JsonRpcClient, 'request'>): Promise<number> {
  try {
    const block = await client.request<{ number: string } | null>('eth_getBlockByNumber', ['finalized', false]);
    return block ? Number(block.number) : -1;
  } catch (error) {
    if (error instanceof JsonRpcError && /finalized block not found/i.test(error.message)) return -1;
    throw error;
  }
}
