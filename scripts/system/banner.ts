/** What `npm start` prints once the system is up: where to go and how to connect a wallet. */
import { networkInterfaces } from 'node:os';

import { DEV_ACCOUNTS } from '../chain/dev-accounts';
import type { Deployment } from '../deploy/deployment-file';
import { formatMoney } from '../lib/coins';
import type { CommunityProfile } from '../lib/community-profile';
import type { NodeEntry } from '../nodes/node-registry';

export interface BannerFacts {
  readonly host: string;
  readonly port: number;
  readonly profile: CommunityProfile;
  readonly deployment: Deployment;
  readonly nodes: readonly NodeEntry[];
  /** The demo: the development accounts' balances; a community: the treasury's and the operator's. */
  readonly balancesWei: readonly bigint[];
  readonly dev: boolean;
  /** A community's HTTPS port and CA fingerprint. */
  readonly https?: { readonly port: number; readonly caFingerprint: string };
}

/** URLs people can open: localhost, plus this machine's LAN addresses when bound to all. */
export function publicUrls(host: string, port: number, scheme = 'http'): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [`${scheme}://${host === '127.0.0.1' ? 'localhost' : host}:${port}`];
  const lan = Object.values(networkInterfaces())
    .flat()
    .filter((address) => address && address.family === 'IPv4' && !address.internal)
    .map((address) => `${scheme}://${address!.address}:${port}`);
  return [`${scheme}://localhost:${port}`, ...lan];
}

export function banner(facts: BannerFacts): string {
  const { profile } = facts;
  const urls = publicUrls(facts.host, facts.port);
  const main = urls[0];
  const lanRpc = urls.length > 1 ? urls[1] : `http://<this machine's address>:${facts.port}`;
  const title = profile.mode === 'demo' ? '  Community energy market: DEMO (development chain, never real money)' : `  ${profile.name}: community energy market`;
  const lines = [
    '',
    title,
    `    dApp            ${urls.join('   ')}${facts.dev ? '   (ng serve, live reload)' : ''}`,
    ...(facts.https ? [`    dApp (HTTPS)    ${publicUrls(facts.host, facts.https.port, 'https').join('   ')}`] : []),
    `    JSON-RPC        ${main}/rpc   (WebSocket on the same URL, ws://)`,
    `    contracts       EnergyMarketplace ${facts.deployment.address} (block ${facts.deployment.deployedOnBlock})`,
    ...(facts.deployment.community ? [`                    Community ${facts.deployment.community.address} (block ${facts.deployment.community.deployedOnBlock})`] : []),
    `    meter operator  ${facts.deployment.operator} (the delivery service; settles trades)`,
    '',
    '  Add the network to MetaMask (Settings > Networks > Add a network manually):',
    `    Network name    ${profile.chainName}`,
    `    RPC URL         ${main}/rpc   (a phone on the LAN: ${lanRpc}/rpc)`,
    `    Chain ID        ${profile.chainId}`,
    `    Currency symbol ${profile.currency}`,
    '',
    '  Energy nodes (dashboard at each URL; register a real one: npm run nodes -- help):',
    ...(facts.nodes.length ? [] : ['    none: every trade waits for its seller\'s node until its deadline']),
    ...facts.nodes.map(
      (node) =>
        `    ${node.label.padEnd(9)} ${node.account}   ${node.real ? node.url : dashboardUrl(node.url, urls)}` +
        `   ${node.real ? '(on the LAN)' : '(emulated)'}`,
    ),
    '',
    ...(profile.mode === 'demo' ? demoAccounts(facts) : communityMoney(facts)),
    '  Stop everything with Ctrl-C.',
    '',
  ];
  return lines.join('\n');
}

function demoAccounts(facts: BannerFacts): string[] {
  return [
    '  Development accounts. FOR DEVELOPMENT ONLY: these keys are public, anyone can take',
    '  what they hold. Never use them, or this chain, for real money.',
    ...DEV_ACCOUNTS.map(
      (account, i) =>
        `    #${i} ${account.address}  ${formatEth(facts.balancesWei[i] ?? 0n).padStart(10)} ETH  key ${account.privateKey}`,
    ),
    '',
    '  Import one into MetaMask: account menu > Add account or hardware wallet > Import account,',
    `  paste its private key, then switch to the "${facts.profile.chainName}" network.`,
  ];
}

function communityMoney(facts: BannerFacts): string[] {
  const { currency } = facts.profile;
  const [treasuryWei = 0n, operatorWei = 0n] = facts.balancesWei;
  const lines = [
    `  Money: ${currency}, one coin of this chain is ${currency} 1.`,
    `    treasury        ${facts.deployment.community?.treasury} holds ${formatMoney(currency, treasuryWei)}`,
    `    meter operator  holds ${formatMoney(currency, operatorWei)} for settlement fees`,
    '  Households join with a wallet they create; add them and top them up with',
    '  npm run community -- household add <address> --name "<name>" and npm run community -- top-up (see -- help).',
  ];
  if (facts.https) {
    const urls = publicUrls(facts.host, facts.port);
    lines.push(
      '',
      '  Phones trust the community\'s certificate authority once: open',
      `    ${urls.at(-1)}/ca.crt and install it (README: "Trust the community CA");`,
      `    its SHA-256 fingerprint is ${facts.https.caFingerprint}`,
    );
  }
  lines.push('');
  return lines;
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
