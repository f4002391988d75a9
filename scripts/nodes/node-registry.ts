/**
 * data/nodes.json: which energy node delivers for which account. The main
 * server lists and proxies them, the delivery service sends them orders. It
 * holds no secrets, so it can be read by anything; the HMAC secrets live apart
 * (node-secrets.ts). Real ESP32 nodes on the LAN enter it through
 * data/registered-nodes.json (registered-nodes.ts).
 */
import { existsSync, readFileSync } from 'node:fs';

import { writeJsonAtomic } from '../lib/atomic-write';

export interface NodeEntry {
  /** The account (checksummed) whose energy this node delivers. */
  readonly account: string;
  /** A person's name for it: "House 3". */
  readonly label: string;
  /** A short name for logs: "house-3". */
  readonly slug: string;
  /** Base URL of the node's HTTP API, e.g. http://127.0.0.1:7003. */
  readonly url: string;
  /** A board on the LAN registered by the operator, not an emulator `npm start` runs. */
  readonly real?: boolean;
}

/** `account` checksummed, as the development accounts are listed. */
export function nodeEntry(index: number, account: string, url: string): NodeEntry {
  return { account, label: `House ${index + 1}`, slug: `house-${index + 1}`, url };
}

export function writeNodeRegistry(path: string, nodes: readonly NodeEntry[]): void {
  writeJsonAtomic(path, { _generated: 'written by npm start; do not edit while it runs', nodes });
}

export function readNodeRegistry(path: string): NodeEntry[] {
  if (!existsSync(path)) return [];
  return (JSON.parse(readFileSync(path, 'utf8')) as { nodes: NodeEntry[] }).nodes;
}

/** Finds a node by account, whatever the address's letter case. */
export function nodeByAccount(nodes: readonly NodeEntry[], account: string): NodeEntry | undefined {
  const wanted = account.toLowerCase();
  return nodes.find((node) => node.account.toLowerCase() === wanted);
}
