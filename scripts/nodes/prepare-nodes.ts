/**
 * Which energy node serves which account when `npm start` runs: every node
 * registered with `npm run nodes -- add` (real ESP32-S3 boards on the LAN),
 * and an emulator for each development account that has no real node
 * (account i on port basePort + i), unless emulators are turned off. Writes
 * the registry (data/nodes.json) and makes sure every node has its secret.
 */
import { DEV_ACCOUNTS } from '../chain/dev-accounts';
import type { DataPaths } from '../lib/data-paths';
import { type NodeEntry, nodeEntry, writeNodeRegistry } from './node-registry';
import { type NodeSecrets, loadOrCreateNodeSecrets } from './node-secrets';
import { readRegisteredNodes } from './registered-nodes';

export interface EmulatedNode {
  readonly entry: NodeEntry;
  readonly port: number;
}

export interface PreparedNodes {
  /** Every node, real and emulated, as the registry lists them. */
  readonly nodes: NodeEntry[];
  /** The nodes `npm start` must run itself. */
  readonly emulated: EmulatedNode[];
  readonly secrets: NodeSecrets;
}

export interface NodePlan {
  readonly basePort: number;
  /** Emulators for the development accounts without a real node. */
  readonly emulators: boolean;
  readonly count?: number;
}

export function prepareNodes(paths: DataPaths, plan: NodePlan): PreparedNodes {
  const registered = readRegisteredNodes(paths.registeredNodes);
  const real = new Set(registered.map((node) => node.account));
  const emulated: EmulatedNode[] = [];
  if (plan.emulators) {
    DEV_ACCOUNTS.slice(0, plan.count ?? DEV_ACCOUNTS.length).forEach((account, index) => {
      if (real.has(account.address)) return;
      const port = plan.basePort + index;
      emulated.push({ entry: nodeEntry(index, account.address, `http://127.0.0.1:${port}`), port });
    });
  }
  const slugs = new Set(emulated.map((node) => node.entry.slug));
  const lan = registered.map((node): NodeEntry => {
    const slug = uniqueSlug(node.label, slugs);
    slugs.add(slug);
    return { account: node.account, label: node.label, slug, url: node.url, real: true };
  });
  const nodes = [...emulated.map((node) => node.entry), ...lan];
  const secrets = loadOrCreateNodeSecrets(
    paths.nodeSecrets,
    nodes.map((node) => node.account),
  );
  writeNodeRegistry(paths.nodes, nodes);
  return { nodes, emulated, secrets };
}

/** A short name for log lines, from the label: "Amina's house" -> "aminas-house". */
function uniqueSlug(label: string, taken: ReadonlySet<string>): string {
  const base =
    label
      .toLowerCase()
      .replace(/['’]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 24) || 'node';
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  return slug;
}
