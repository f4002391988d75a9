/** Checks that the system answers where people will reach it: the page, /config.json and /rpc. */
import { reportWhileWaiting } from '../lib/child-process';
import { httpGet } from '../lib/http-get';
// The HTTP client alone: the supervisor has no use for the WebSocket one and its dependency.
import { JsonRpcHttpClient } from '../lib/json-rpc/http-client';

export interface Answers {
  readonly chainId: number;
  readonly blockNumber: number;
}

/**
 * Waits until the system answers where people reach it, for as long as that
 * takes (the chain may be replaying a large ledger), telling `say` now and
 * then what it still waits for. A timeout, when given, ends the wait.
 */
export async function waitUntilAnswering(
  baseUrl: string,
  say: (line: string) => void = () => undefined,
  timeoutMs = Number.POSITIVE_INFINITY,
): Promise<Answers> {
  const deadline = Date.now() + timeoutMs;
  const rpc = new JsonRpcHttpClient(`${baseUrl}/rpc`);
  let lastError: unknown;
  const describe = () => (lastError instanceof Error ? lastError.message : String(lastError ?? 'no answer yet'));
  const stop = new AbortController();
  reportWhileWaiting(
    new Promise((resolve) => stop.signal.addEventListener('abort', resolve)),
    (seconds) => say(`still waiting for ${baseUrl} to answer (${seconds} s so far): ${describe()}`),
  );
  try {
    while (Date.now() < deadline) {
      try {
        return await checkAnswers(baseUrl, rpc);
      } catch (error) {
        lastError = error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    throw new Error(`${baseUrl} does not answer: ${describe()}`);
  } finally {
    stop.abort();
    rpc.close();
  }
}

async function checkAnswers(baseUrl: string, rpc: JsonRpcHttpClient): Promise<Answers> {
  const page = await httpGet(`${baseUrl}/`);
  if (!isOk(page.status)) throw new Error(`/ answered ${page.status}`);
  const config = await httpGet(`${baseUrl}/config.json`);
  if (!isOk(config.status)) throw new Error(`/config.json answered ${config.status}`);
  const { chainId } = JSON.parse(config.text) as { chainId: number };
  const [rpcChainId, blockNumber] = (await rpc.batch([{ method: 'eth_chainId' }, { method: 'eth_blockNumber' }])).map((answer) => {
    if ('error' in answer) throw answer.error;
    return answer.result as string;
  });
  if (Number(rpcChainId) !== chainId) throw new Error(`/rpc answered chain ${rpcChainId}, /config.json says ${chainId}`);
  return { chainId, blockNumber: Number(blockNumber) };
}

/** Balances in wei of many accounts in one batch through the gateway. */
export async function balances(baseUrl: string, accounts: readonly string[]): Promise<bigint[]> {
  const rpc = new JsonRpcHttpClient(`${baseUrl}/rpc`);
  try {
    const answers = await rpc.batch(accounts.map((account) => ({ method: 'eth_getBalance', params: [account, 'latest'] })));
    return answers.map((answer) => ('result' in answer ? BigInt(answer.result as string) : 0n));
  } finally {
    rpc.close();
  }
}

function isOk(status: number): boolean {
  return status >= 200 && status < 300;
}
