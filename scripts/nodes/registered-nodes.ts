/**
 * data/registered-nodes.json: the real energy nodes (ESP32-S3 boards on the
 * LAN) the operator has registered with `npm run nodes -- add`. `npm start`
 * gives each registered account its real node instead of an emulator. The
 * file holds no secrets: those stay in data/nodes/secrets.json (node-secrets.ts).
 */
import { existsSync, readFileSync } from 'node:fs';

import { writeJsonAtomic } from '../lib/atomic-write';
import { InputError, checkAccount, checkDisplayText } from '../lib/user-input';

export { checkAccount };

export interface RegisteredNode {
  /** The seller's account (checksummed) whose energy this node delivers. */
  readonly account: string;
  /** Base URL of the node's HTTP API on the LAN, e.g. http://192.168.4.23. */
  readonly url: string;
  /** A person's name for it: "Amina's house". */
  readonly label: string;
}

/** A registration that cannot be used, said in words a person can act on. */
export class NodeRegistrationError extends InputError {}

const MAX_LABEL_LENGTH = 40;

/** Only the node's origin counts: orders go to <url>/api/trades. */
export function checkNodeUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new NodeRegistrationError(`"${text}" is not a URL; write it as http://192.168.4.23 (the node's address)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NodeRegistrationError(`"${text}" must start with http:// or https://`);
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new NodeRegistrationError(`"${text}" must be the node's address only, like http://192.168.4.23:80`);
  }
  return url.origin;
}

export function checkLabel(text: string): string {
  return checkDisplayText('label', text, MAX_LABEL_LENGTH);
}

export function checkRegisteredNode(entry: { account: string; url: string; label: string }): RegisteredNode {
  return { account: checkAccount(entry.account), url: checkNodeUrl(entry.url), label: checkLabel(entry.label) };
}

/** Reads and checks the file; a hand edit that broke it stops `npm start` with the reason. */
export function readRegisteredNodes(path: string): RegisteredNode[] {
  if (!existsSync(path)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new NodeRegistrationError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const nodes = (parsed as { nodes?: unknown }).nodes;
  if (!Array.isArray(nodes)) throw new NodeRegistrationError(`${path} must hold {"nodes": [...]}`);
  const checked = nodes.map((entry, index) => {
    try {
      return checkRegisteredNode(entry);
    } catch (error) {
      throw new NodeRegistrationError(`${path}, node ${index + 1}: ${(error as Error).message}`);
    }
  });
  const accounts = new Set<string>();
  const urls = new Set<string>();
  for (const node of checked) {
    if (accounts.has(node.account)) throw new NodeRegistrationError(`${path}: ${node.account} has two nodes; keep one`);
    if (urls.has(node.url)) throw new NodeRegistrationError(`${path}: ${node.url} is registered for two accounts; a node meters one`);
    accounts.add(node.account);
    urls.add(node.url);
  }
  return checked;
}

export function writeRegisteredNodes(path: string, nodes: readonly RegisteredNode[]): void {
  writeJsonAtomic(path, { nodes });
}
