/**
 * `npm run nodes -- <command>`: registers the real energy nodes (ESP32-S3
 * boards on the LAN) that deliver for the community's sellers.
 *
 *   add <account> <url> [--label TEXT] [--secret HEX]   give an account its real node
 *   remove <account>                                     back to the emulator (or none)
 *   list                                                 the registered nodes, whether each answers, and with the right secret
 *   secret <account>                                     the HMAC secret to flash into the node
 *   disputes [--chain-url URL]                           the disputed trades: the buyer's node received less than allowed
 *
 * Every command takes --data-dir DIR (default data/). A bad argument changes
 * nothing and exits with 1 and the reason. `npm start` reads the registrations
 * when it starts, so a running system must be restarted to use a change.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { readDeployment } from '../deploy/deployment-file';
import { communityProfile } from '../lib/community-profile';
import { DEFAULT_DATA_DIR, type DataPaths, dataPaths } from '../lib/data-paths';
import { JsonRpcHttpClient } from '../lib/json-rpc';
import { serviceConfig } from '../lib/service-config';
import { InputError } from '../lib/user-input';
import { formatMoney } from '../../src/app/core/units';
import { describeDisputedTrades, readDisputedTrades } from './disputed-trades';
import { nodeByAccount, readNodeRegistry } from './node-registry';
import { readNodeSecrets, secretOf } from './node-secrets';
import { probeNode } from './probe-node';
import {
  checkNodeRegistration,
  describeProbe,
  forgetNode,
  saveNodeRegistration,
  secretsHeaderLine,
} from './register-node';
import { NodeRegistrationError, checkAccount, readRegisteredNodes } from './registered-nodes';

export const NODES_USAGE = `Usage: npm run nodes -- <command> [--data-dir DIR]

  add <account> <url> [--label TEXT] [--secret HEX]
        Give a seller's account its real energy node on the LAN, e.g.
        npm run nodes -- add 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 http://192.168.4.23 --label "Amina's house"
        Without --secret a new secret is made; put the printed line into the node's
        firmware/src/esp32/secrets.h before flashing it.
  remove <account>    Forget the account's real node (npm start runs its emulator again, if it has one).
  list                The registered nodes, whether each answers now, and whether it signs its
                      answers with the secret registered for it.
  secret <account>    Print the node's HMAC secret, to flash it again.
  disputes [--chain-url URL]
                      The disputed trades: settled on what the buyer's node received, which was
                      less than the seller's node sent minus the line-loss allowance.
                      URL is the chain's JSON-RPC (default: the chain npm start runs for the data folder).

Restart npm start after a change: it reads the registrations when it starts.`;

export async function runNodesCommand(argv: readonly string[], print: (line: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      label: { type: 'string' },
      secret: { type: 'string' },
      'chain-url': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command || command === 'help') {
    print(NODES_USAGE);
    return;
  }
  const paths = dataPaths(values['data-dir']);

  switch (command) {
    case 'add': {
      const [accountText, urlText, extra] = rest;
      if (!accountText || !urlText || extra) throw new NodeRegistrationError('add needs an account and a URL: see npm run nodes -- help');
      const registration = checkNodeRegistration(paths, checkAccount(accountText), urlText, values.label, values.secret);
      const stored = saveNodeRegistration(paths, registration);
      const { node } = registration;
      print(`registered ${node.label}: ${node.url} delivers for ${node.account}`);
      print(describeProbe(node, await probeNode(node.url, stored)));
      if (!registration.secret) {
        print("Put this line into the node's firmware/src/esp32/secrets.h, then flash it:");
        print(secretsHeaderLine(stored));
      }
      print('Restart npm start to use it.');
      return;
    }
    case 'remove': {
      const account = checkAccount(onlyAccount(rest));
      if (!forgetNode(paths, account)) throw new NodeRegistrationError(`${account} has no registered node`);
      print(`removed the node of ${account}. Restart npm start to use the change.`);
      return;
    }
    case 'list': {
      const registered = readRegisteredNodes(paths.registeredNodes);
      if (!registered.length) {
        print(
          communityProfile(paths).mode === 'demo'
            ? 'No real nodes registered (in the demo, npm start runs an emulator for each development account).'
            : 'No nodes registered: npm run community -- household add <address> --name "<name>" --node <url>, or npm run nodes -- add <address> <url>.',
        );
        return;
      }
      const secrets = readNodeSecrets(paths.nodeSecrets);
      const probes = await Promise.all(registered.map((node) => probeNode(node.url, secretOf(secrets, node.account))));
      registered.forEach((node, index) => print(describeProbe(node, probes[index])));
      return;
    }
    case 'secret': {
      const account = checkAccount(onlyAccount(rest));
      const secret = secretOf(readNodeSecrets(paths.nodeSecrets), account);
      if (!secret) throw new NodeRegistrationError(`${account} has no node secret yet: add its node first`);
      print(secretsHeaderLine(secret).trim());
      return;
    }
    case 'disputes': {
      if (rest.length) throw new NodeRegistrationError('disputes takes no arguments but --chain-url and --data-dir');
      const client = new JsonRpcHttpClient(values['chain-url'] !== undefined ? checkChainUrl(values['chain-url']) : (runningChainUrl(paths) ?? serviceConfig().chain.url));
      try {
        let chainId: number;
        try {
          chainId = Number(await client.request<string>('eth_chainId'));
        } catch (error) {
          throw new NodeRegistrationError(`the chain at ${client.url} does not answer (${(error as Error).message}): is npm start running?`);
        }
        const deployment = readDeployment(paths.deployment, chainId);
        if (!deployment) throw new NodeRegistrationError(`${paths.deployment} has no marketplace for chain ${chainId}: start the system first (npm start)`);
        const trades = await readDisputedTrades((method, params) => client.request(method, params), deployment);
        const nodes = readNodeRegistry(paths.nodes);
        const wording = { nameOf: (account: string) => nodeByAccount(nodes, account)?.label ?? 'no node', money: (wei: bigint) => formatMoney(wei) };
        for (const line of describeDisputedTrades(trades, deployment.lineLossAllowanceBps, wording)) print(line);
      } finally {
        client.close();
      }
      return;
    }
    default:
      throw new NodeRegistrationError(`unknown command "${command}": see npm run nodes -- help`);
  }
}

/** Where `npm start` runs this data folder's chain (it writes data/chain.json), if it says. */
function runningChainUrl(paths: DataPaths): string | undefined {
  if (!existsSync(paths.chainEndpoint)) return undefined;
  return (JSON.parse(readFileSync(paths.chainEndpoint, 'utf8')) as { url?: string }).url;
}

function onlyAccount(rest: readonly string[]): string {
  if (rest.length !== 1) throw new NodeRegistrationError('give exactly one account address');
  return rest[0];
}

if (require.main === module) {
  runNodesCommand(process.argv.slice(2), (line) => console.log(line)).catch((error) => {
    const known = error instanceof InputError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(`nodes: ${known ? error.message : error instanceof Error ? error.stack : error}`);
    process.exit(1);
  });
}

/** --chain-url as typed: a slip such as 127.0.0.1:8545 gets a sentence, not a stack trace. */
function checkChainUrl(text: string): string {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new NodeRegistrationError(`--chain-url "${text}" must be a URL like http://127.0.0.1:8545`);
  }
  return text;
}
