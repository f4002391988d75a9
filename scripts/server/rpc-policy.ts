/**
 * What the JSON-RPC gateway lets through to Ganache. Ganache holds the ten
 * development accounts unlocked and can rewrite its own clock and state, so a
 * peer gets only reads, subscriptions and transactions it signed
 * itself. Everything else is refused, by an allow-list rather than a
 * block-list, so a method Ganache adds later stays closed until reviewed.
 */

/** Reads and submissions a wallet or the dApp needs (MetaMask included). */
const FORWARDED = new Set([
  'web3_clientVersion',
  'web3_sha3',
  'net_version',
  'net_listening',
  'net_peerCount',
  'eth_chainId',
  'eth_protocolVersion',
  'eth_syncing',
  'eth_blockNumber',
  'eth_gasPrice',
  'eth_maxPriorityFeePerGas',
  'eth_feeHistory',
  'eth_getBalance',
  'eth_getCode',
  'eth_getStorageAt',
  'eth_getTransactionCount',
  'eth_getProof',
  'eth_call',
  'eth_estimateGas',
  'eth_getBlockByNumber',
  'eth_getBlockByHash',
  'eth_getBlockTransactionCountByNumber',
  'eth_getBlockTransactionCountByHash',
  'eth_getUncleCountByBlockNumber',
  'eth_getUncleCountByBlockHash',
  'eth_getUncleByBlockNumberAndIndex',
  'eth_getUncleByBlockHashAndIndex',
  'eth_getTransactionByHash',
  'eth_getTransactionByBlockNumberAndIndex',
  'eth_getTransactionByBlockHashAndIndex',
  'eth_getTransactionReceipt',
  'eth_getLogs',
  // Signed in the wallet: the gateway never sees a key.
  'eth_sendRawTransaction',
]);

/** Live events: only over the WebSocket, where notifications have a way back. */
const SUBSCRIPTIONS = new Set(['eth_subscribe', 'eth_unsubscribe']);
// readModel: live updates of the indexer's read model, answered by the server itself (read-api/read-model-feed.ts).
const SUBSCRIPTION_KINDS = new Set(['newHeads', 'logs', 'newPendingTransactions', 'readModel']);

/** Answered by the gateway itself. */
const LOCAL_ANSWERS: Record<string, unknown> = {
  // The gateway holds no accounts: Ganache's unlocked ones must not look like the user's.
  eth_accounts: [],
};

/** Refused with a reason a developer can act on. */
const REFUSED_PREFIXES: Array<[string, string]> = [
  ['personal_', 'the gateway holds no keys'],
  ['evm_', 'the chain cannot be rewound, mined or time-shifted from outside'],
  ['miner_', 'mining is not controlled from outside'],
  ['debug_', 'debugging methods are closed'],
  ['admin_', 'administration methods are closed'],
  ['txpool_', 'the transaction pool is closed'],
];
// Ganache keeps every filter until it is uninstalled and feeds each one every block, under ids
// that count up from 1 for all clients together: one peer could fill the chain's memory, or read
// and remove everyone else's. Wallets keep their filters themselves, over eth_getLogs.
const FILTER_REFUSAL = 'filters are not kept for peers: read logs with eth_getLogs, or follow them with eth_subscribe over ws://<host>/rpc';
const FILTER_METHODS = ['eth_newFilter', 'eth_newBlockFilter', 'eth_newPendingTransactionFilter', 'eth_getFilterChanges', 'eth_getFilterLogs', 'eth_uninstallFilter'];
const REFUSED_METHODS: Readonly<Record<string, string>> = {
  eth_sendTransaction: 'the gateway holds no keys: sign in your wallet and send eth_sendRawTransaction',
  eth_sign: 'the gateway holds no keys: sign in your wallet',
  eth_signTransaction: 'the gateway holds no keys: sign in your wallet',
  eth_signTypedData: 'the gateway holds no keys: sign in your wallet',
  eth_signTypedData_v3: 'the gateway holds no keys: sign in your wallet',
  eth_signTypedData_v4: 'the gateway holds no keys: sign in your wallet',
  eth_coinbase: 'the gateway has no coinbase',
  ...Object.fromEntries(FILTER_METHODS.map((method) => [method, FILTER_REFUSAL])),
};

/** EIP-1474 codes. */
export const RPC_ERRORS = {
  parse: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internal: -32603,
  unavailable: -32002,
  methodNotSupported: -32004,
  limitExceeded: -32005,
} as const;

export type RpcDecision =
  | { readonly kind: 'forward' }
  | { readonly kind: 'local'; readonly result: unknown }
  | { readonly kind: 'refuse'; readonly code: number; readonly message: string };

export interface PolicyContext {
  /** Subscriptions need a connection that can carry notifications. */
  readonly websocket: boolean;
}

export function decide(method: string, params: unknown, context: PolicyContext): RpcDecision {
  if (FORWARDED.has(method)) return { kind: 'forward' };
  if (method in LOCAL_ANSWERS) return { kind: 'local', result: LOCAL_ANSWERS[method] };
  if (SUBSCRIPTIONS.has(method)) {
    if (!context.websocket) {
      return refuse(RPC_ERRORS.methodNotSupported, `${method} needs the WebSocket endpoint (ws://<host>/rpc)`);
    }
    if (method === 'eth_subscribe') {
      const kind = Array.isArray(params) ? params[0] : undefined;
      if (typeof kind !== 'string' || !SUBSCRIPTION_KINDS.has(kind)) {
        return refuse(RPC_ERRORS.invalidParams, `subscriptions allowed: ${[...SUBSCRIPTION_KINDS].join(', ')}`);
      }
    }
    return { kind: 'forward' };
  }
  const reason = REFUSED_METHODS[method] ?? REFUSED_PREFIXES.find(([prefix]) => method.startsWith(prefix))?.[1];
  if (reason) return refuse(RPC_ERRORS.methodNotSupported, `${method} is refused by the gateway: ${reason}`);
  return refuse(RPC_ERRORS.methodNotFound, `${method} is not available through the gateway`);
}

function refuse(code: number, message: string): RpcDecision {
  return { kind: 'refuse', code, message };
}
