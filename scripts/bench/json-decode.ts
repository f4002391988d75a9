/**
 * ui.jsonDecodeSpeedup: how many times faster the dApp's gateway provider
 * turns a 6 MB JSON-RPC answer (the eth_getLogs answer of a market of 10,000
 * offers) into JSON than ethers' own decoder does, the better of three runs
 * of each in one process. A figure of the machine, measured here rather than
 * asserted in a spec (src/app/chain/gateway-provider.spec.ts checks that both
 * give the same JSON).
 */
import { FetchRequest, FetchResponse, toUtf8Bytes } from 'ethers';

import { parseJsonBody } from '../../src/app/chain/gateway-provider';

export interface JsonDecodeFigures {
  readonly jsonDecodeSpeedup: number;
  readonly jsonDecodeMs: number;
  readonly jsonDecodeEthersMs: number;
  readonly jsonDecodeBytes: number;
}

export function measureJsonDecode(logs = 10_000): JsonDecodeFigures {
  const log = {
    address: `0x${'a'.repeat(40)}`,
    topics: [`0x${'1'.repeat(64)}`, `0x${'2'.repeat(64)}`, `0x${'3'.repeat(64)}`],
    data: `0x${'4'.repeat(128)}`,
    blockNumber: '0x10',
    transactionHash: `0x${'5'.repeat(64)}`,
    transactionIndex: '0x0',
    blockHash: `0x${'6'.repeat(64)}`,
    logIndex: '0x0',
    removed: false,
  };
  const body = toUtf8Bytes(JSON.stringify({ jsonrpc: '2.0', id: 1, result: Array.from({ length: logs }, () => log) }));
  const best = (decode: () => unknown) =>
    Math.min(
      ...[1, 2, 3].map(() => {
        const started = performance.now();
        decode();
        return performance.now() - started;
      }),
    );
  const ethersMs = best(() => new FetchResponse(200, 'OK', {}, body, new FetchRequest('http://localhost')).bodyJson);
  const ourMs = best(() => parseJsonBody(body));
  const round = (value: number) => Math.round(value * 100) / 100;
  return { jsonDecodeSpeedup: round(ethersMs / ourMs), jsonDecodeMs: round(ourMs), jsonDecodeEthersMs: round(ethersMs), jsonDecodeBytes: body.length };
}
