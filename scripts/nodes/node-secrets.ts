/**
 * The HMAC secret of each node, generated once per account and kept in a file
 * only its owner can read. Never served: a peer who knew a node's secret could
 * order it to deliver energy nobody paid for.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

import { writeJsonAtomic } from '../lib/atomic-write';

export type NodeSecrets = Readonly<Record<string, string>>;

export function readNodeSecrets(path: string): NodeSecrets {
  if (!existsSync(path)) return {};
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Returns a secret for every account, creating the missing ones. Keys are lower-case addresses. */
export function loadOrCreateNodeSecrets(path: string, accounts: readonly string[]): NodeSecrets {
  const secrets: Record<string, string> = { ...readNodeSecrets(path) };
  let created = false;
  for (const account of accounts) {
    const key = account.toLowerCase();
    if (!secrets[key]) {
      secrets[key] = randomBytes(32).toString('hex');
      created = true;
    }
  }
  if (created) writeJsonAtomic(path, secrets, 0o600);
  return secrets;
}

/** Sets one account's secret: the one already flashed into its real node. */
export function storeNodeSecret(path: string, account: string, secret: string): void {
  writeJsonAtomic(path, { ...readNodeSecrets(path), [account.toLowerCase()]: secret }, 0o600);
}

export function secretOf(secrets: NodeSecrets, account: string): string | undefined {
  return secrets[account.toLowerCase()];
}
