/** Checks that the system answers where people will reach it: the page, /config.json and /rpc. */
export interface Answers {
  readonly chainId: number;
  readonly blockNumber: number;
}

export async function waitUntilAnswering(baseUrl: string, timeoutMs = 60_000): Promise<Answers> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await checkAnswers(baseUrl);
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`${baseUrl} does not answer: ${lastError instanceof Error ? lastError.message : lastError}`);
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
