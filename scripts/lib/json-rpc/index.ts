/**
 * The one JSON-RPC client of the services, benchmarks and tests: HTTP and
 * WebSocket transports with one request shape (`request`, `batch`) and one
 * error shape (JsonRpcError from the server, JsonRpcUnavailable without an answer).
 */
export * from './json-rpc-error';
export * from './json-rpc-client';
export * from './http-client';
export * from './ws-client';
