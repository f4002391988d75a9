/**
 * The two ways a JSON-RPC request fails, the same for every transport:
 * - JsonRpcError: the server answered with a JSON-RPC error (a revert, a
 *   refused method, a bad parameter); `code`, `message` and `data` as sent.
 * - JsonRpcUnavailable: no answer to read (connection refused or closed, a
 *   timeout, an HTTP status without a JSON-RPC body). Worth retrying.
 */
export interface JsonRpcErrorBody {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

export class JsonRpcError extends Error {
  readonly code: number;
  readonly data?: unknown;

  constructor(
    readonly body: JsonRpcErrorBody,
    readonly method?: string,
  ) {
    super(`${method ? `${method}: ` : ''}${body.message} (code ${body.code})`);
    this.code = body.code;
    this.data = body.data;
  }
}

export class JsonRpcUnavailable extends Error {
  constructor(
    message: string,
    /** The HTTP status, when the server answered one without a JSON-RPC body. */
    readonly status?: number,
  ) {
    super(message);
  }
}
