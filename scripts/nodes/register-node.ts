/**
 * Registering a real energy node for an account: the one way to do it, used
 * by `npm run nodes -- add` and by `npm run community -- household add --node`.
 * Checking comes apart from saving, so a command can check everything it was
 * given before it changes anything.
 */
import type { DataPaths } from '../lib/data-paths';
import { loadOrCreateNodeSecrets, secretOf, storeNodeSecret } from './node-secrets';
import type { NodeProbe } from './probe-node';
import { NodeRegistrationError, type RegisteredNode, checkLabel, checkNodeUrl, readRegisteredNodes, writeRegisteredNodes } from './registered-nodes';

const SECRET_PATTERN = /^[0-9a-f]{32,128}$/;

export interface NodeRegistration {
  readonly node: RegisteredNode;
  /** The secret already flashed into the board; a new one is made when absent. */
  readonly secret?: string;
}

/** Checks a new registration of `account` (already checked) against the file; writes nothing. */
export function checkNodeRegistration(
  paths: DataPaths,
  account: string,
  urlText: string,
  labelText: string | undefined,
  secretText: string | undefined,
): NodeRegistration {
  const url = checkNodeUrl(urlText);
  const node: RegisteredNode = { account, url, label: checkLabel(labelText ?? `Node at ${new URL(url).host}`) };
  const secret = secretText?.toLowerCase();
  if (secret !== undefined && !SECRET_PATTERN.test(secret)) {
    throw new NodeRegistrationError('--secret must be 32 to 128 hex digits, e.g. the output of: openssl rand -hex 32');
  }
  const registered = readRegisteredNodes(paths.registeredNodes);
  if (registered.some((other) => other.account === node.account)) {
    throw new NodeRegistrationError(`${node.account} already has a node; remove it first (npm run nodes -- remove ${node.account})`);
  }
  const sameUrl = registered.find((other) => other.url === node.url);
  if (sameUrl) throw new NodeRegistrationError(`${node.url} is already the node of ${sameUrl.account}`);
  return { node, secret };
}

/** Saves a checked registration; returns the node's secret (the one given, or a new one). */
export function saveNodeRegistration(paths: DataPaths, registration: NodeRegistration): string {
  const { node, secret } = registration;
  if (secret) storeNodeSecret(paths.nodeSecrets, node.account, secret);
  const stored = secretOf(loadOrCreateNodeSecrets(paths.nodeSecrets, [node.account]), node.account)!;
  writeRegisteredNodes(paths.registeredNodes, [...readRegisteredNodes(paths.registeredNodes), node]);
  return stored;
}

/** Forgets the account's real node; false when it had none. */
export function forgetNode(paths: DataPaths, account: string): boolean {
  const registered = readRegisteredNodes(paths.registeredNodes);
  if (!registered.some((node) => node.account === account)) return false;
  writeRegisteredNodes(
    paths.registeredNodes,
    registered.filter((node) => node.account !== account),
  );
  return true;
}

/** What to put into the board before flashing it. */
export function secretsHeaderLine(secret: string): string {
  return `  constexpr const char* kNodeSecret = "${secret}";`;
}

export function describeProbe(node: RegisteredNode, probe: NodeProbe): string {
  if (probe.answers && probe.secretMatches === false) {
    return (
      `  ${node.label}  ${node.account}  ${node.url}  answers, but NOT signed with the secret registered for it: ` +
      `the delivery service ignores its answers and its trades wait. Flash the registered secret ` +
      `(npm run nodes -- secret ${node.account}) or register the node's own (remove, then add --secret), and restart`
    );
  }
  const state = probe.answers
    ? `answers (relay ${probe.relayClosed ? 'closed' : 'open'}, ${probe.queueLength} trade(s) queued${probe.secretMatches ? ', signed with its secret' : ''})`
    : `does not answer now (${probe.reason}); trades wait for it until their deadline`;
  return `  ${node.label}  ${node.account}  ${node.url}  ${state}`;
}
