/**
 * One energy node per development account: account i is served by the
 * emulator on port basePort + i. Writes the registry (data/nodes.json) and
 * makes sure every node has its secret.
 */
import { DEV_ACCOUNTS } from '../chain/dev-accounts';
import type { DataPaths } from '../lib/data-paths';
import { type NodeEntry, nodeEntry, writeNodeRegistry } from './node-registry';
import { type NodeSecrets, loadOrCreateNodeSecrets } from './node-secrets';

export interface PreparedNodes {
  readonly nodes: NodeEntry[];
  readonly secrets: NodeSecrets;
}

export function prepareEmulatedNodes(paths: DataPaths, basePort: number, count = DEV_ACCOUNTS.length): PreparedNodes {
  const accounts = DEV_ACCOUNTS.slice(0, count).map((account) => account.address);
  const nodes = accounts.map((account, index) => nodeEntry(index, account, `http://127.0.0.1:${basePort + index}`));
  const secrets = loadOrCreateNodeSecrets(paths.nodeSecrets, accounts);
  writeNodeRegistry(paths.nodes, nodes);
  return { nodes, secrets };
}
