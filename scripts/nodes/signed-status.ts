/**
 * A node's status as the services believe it: answered 200, signed by the
 * node over our fresh nonce with the secret we hold for it, and well formed.
 * The agent service (forecasts, decisions) and the indexer (the community's
 * hours) read nodes through this one door.
 */
import { type NodeStatus, parseNodeStatus } from '../../src/app/nodes/node-protocol';
import { failureReason, getStatus } from '../delivery/node-client';

export type SignedStatus = { readonly status: NodeStatus } | { readonly problem: string };

export async function readSignedStatus(nodeUrl: string, secret: string): Promise<SignedStatus> {
  try {
    const answer = await getStatus(nodeUrl, secret);
    if (answer.status !== 200) return { problem: `status ${answer.status}: not used` };
    if (!answer.verified) return { problem: `status ${answer.status} without a valid signature: not used` };
    return { status: parseNodeStatus(answer.body) };
  } catch (error) {
    return { problem: `no status (${failureReason(error)})` };
  }
}
