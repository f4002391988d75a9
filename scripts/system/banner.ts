/** What `npm start` prints once the system is up: where to go and how to connect a wallet. */
import { networkInterfaces } from 'node:os';

import { DEV_ACCOUNTS } from '../chain/dev-accounts';
import type { Deployment } from '../deploy/deployment-file';
import type { NodeEntry } from '../nodes/node-registry';

export interface BannerFacts {
  readonly host: string;
  readonly port: number;
  readonly deployment: Deployment;
  readonly nodes: readonly NodeEntry[];
  readonly balancesWei: readonly bigint[];
  readonly dev: boolean;
}

/** URLs people can open: localhost, plus this machine's LAN addresses when bound to all. */
export function publicUrls(host: string, port: number): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [`http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`];
  const lan = Object.values(networkInterfaces())
    .flat()
    .filter((address) => address && address.family === 'IPv4' && !address.internal)
    .map((address) => `http://${address!.address}:${port}`);
  return [`http://localhost:${port}`, ...lan];
}

export function banner(facts: BannerFacts): string {
  const urls = publicUrls(facts.host, facts.port);
  const main = urls[0];
  const lanRpc = urls.length > 1 ? urls[1] : `http://<this machine's address>:${facts.port}`;
  const lines = [
    '',
    '  Community energy market',
    `    dApp            ${urls.join('   ')}${facts.dev ? '   (ng serve, live reload)' : ''}`,
    `    JSON-RPC        ${main}/rpc   (WebSocket on the same URL, ws://)`,
    `    contract        EnergyMarketplace ${facts.deployment.address} (block ${facts.deployment.deployedOnBlock})`,
    `    meter operator  ${facts.deployment.operator} (the delivery service; settles trades)`,
    '',
    '  Add the network to MetaMask (Settings > Networks > Add a network manually):',
    '    Network name    Community Energy (local)',
    `    RPC URL         ${main}/rpc   (a phone on the LAN: ${lanRpc}/rpc)`,
    `    Chain ID        ${facts.deployment.chainId}`,
    '    Currency symbol ETH',
    '',
    '  Energy nodes (dashboard at each URL; register a real one: npm run nodes -- help):',
    ...(facts.nodes.length ? [] : ['    none: every trade is left for its buyer to reclaim']),
    ...facts.nodes.map(
      (node) =>
        `    ${node.label.padEnd(9)} ${node.account}   ${node.real ? node.url : dashboardUrl(node.url, urls)}` +
        `   ${node.real ? '(on the LAN)' : '(emulated)'}`,
    ),
    '',
    '  Development accounts. FOR DEVELOPMENT ONLY: these keys are public, anyone can take',
    '  what they hold. Never use them, or this chain, for real money.',
    ...DEV_ACCOUNTS.map(
      (account, i) =>
        `    #${i} ${account.address}  ${formatEth(facts.balancesWei[i] ?? 0n).padStart(10)} ETH  key ${account.privateKey}`,
    ),
    '',
    '  Import one into MetaMask: account menu > Add account or hardware wallet > Import account,',
    '  paste its private key, then switch to the "Community Energy (local)" network.',
    '  Stop everything with Ctrl-C.',
    '',
  ];
  return lines.join('\n');
}

/** A node's URL as a person can open it: on the LAN address when the system serves the LAN. */
function dashboardUrl(nodeUrl: string, urls: readonly string[]): string {
  if (urls.length < 2) return nodeUrl;
  const url = new URL(nodeUrl);
  url.hostname = new URL(urls[1]).hostname;
  return url.toString();
}

function formatEth(wei: bigint): string {
  const whole = wei / 10n ** 18n;
  const cents = (wei % 10n ** 18n) / 10n ** 16n;
  return `${whole}.${cents.toString().padStart(2, '0')}`;
}
