/**
 * What a peer sees of a failure: the JSON-RPC code, a one-line message and,
 * for a revert, the revert data (so a wallet or the dApp can name the
 * contract's custom error). Ganache adds its own stack trace (`stack`), its
 * class names (`name`) and sometimes objects with both under `data`; none of
 * that leaves the gateway.
 */
import type { RpcResponse } from './rpc-dispatch';

const MAX_MESSAGE_CHARS = 300;
const HEX = /^0x([0-9a-fA-F]{2})*$/;

export function withoutInternals(response: RpcResponse): RpcResponse {
  if (!response.error) return response;
  const { code, message, data } = response.error as { code?: unknown; message?: unknown; data?: unknown };
  const error: { code: number; message: string; data?: string } = {
    code: typeof code === 'number' && Number.isInteger(code) ? code : -32603,
    message: oneLine(typeof message === 'string' ? message : 'the chain could not answer'),
  };
  const revertData = typeof data === 'string' ? data : typeof (data as { data?: unknown })?.data === 'string' ? (data as { data: string }).data : undefined;
  if (revertData !== undefined && HEX.test(revertData)) error.data = revertData;
  return { jsonrpc: '2.0', id: response.id, error };
}

/** The first line, without file paths, bounded. */
function oneLine(message: string): string {
  const first = message.split('\n')[0].replace(/\s+at\s.*$/, '');
  const withoutPaths = first.replace(/(?:\/[\w.@-]+){2,}/g, '<path>').replace(/webpack:\/\/\S*/g, '<path>');
  return withoutPaths.length > MAX_MESSAGE_CHARS ? withoutPaths.slice(0, MAX_MESSAGE_CHARS - 1) + '…' : withoutPaths;
}
