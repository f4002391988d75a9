/** Checks that the system answers where people will reach it: the page, /config.json and /rpc. */
import { reportWhileWaiting } from '../lib/child-process';

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
        return await checkAnswers(baseUrl);
      } catch (error) {
        lastError = error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    throw new Error(`${baseUrl} does not answer: ${describe()}`);
  } finally {
    stop.abort();
  }
}

async function checkAnswers(baseUrl: string): Promise<Answers> {
  const page = await fetch(`${baseUrl}/`);
  if (!page.ok) throw new Error(`/ answered ${page.status}`);
  await page.arrayBuffer();
  const config = await fetch(`${baseUrl}/config.json`);
  if (!config.ok) throw new Error(`/config.json answered ${config.status}`);
  const { chainId } = (await config.json()) as { chainId: number };
  const rpc = await fetch(`${baseUrl}/rpc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify([
      { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] },
      { jsonrpc: '2.0', id: 2, method: 'eth_blockNumber', params: [] },
    ]),
  });
  const [rpcChainId, blockNumber] = (await rpc.json()) as { result: string }[];
  if (Number(rpcChainId.result) !== chainId) throw new Error(`/rpc answered chain ${rpcChainId.result}, /config.json says ${chainId}`);
  return { chainId, blockNumber: Number(blockNumber.result) };
}

/** Balances in wei of many accounts in one batch through the gateway. */
export async function balances(baseUrl: string, accounts: readonly string[]): Promise<bigint[]> {
  const response = await fetch(`${baseUrl}/rpc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(
      accounts.map((account, id) => ({ jsonrpc: '2.0', id, method: 'eth_getBalance', params: [account, 'latest'] })),
    ),
  });
  const answers = (await response.json()) as { id: number; result: string }[];
  return accounts.map((_, id) => BigInt(answers.find((a) => a.id === id)?.result ?? '0x0'));
}
