/**
 * Vitest's jsdom environment replaces the global typed-array constructors with
 * jsdom's, from another JavaScript realm. Node's own Buffers and TextEncoder
 * output then fail `x instanceof Uint8Array`, and ethers rejects them ("invalid
 * BytesLike value") as soon as it hashes or signs. Checking the internal type
 * tag instead works in every realm; only `instanceof` changes, nothing else.
 */
const TYPED_ARRAYS = [
  'Uint8Array',
  'Uint8ClampedArray',
  'Uint16Array',
  'Uint32Array',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

const tagOf = (value: unknown): string => Object.prototype.toString.call(value);

for (const name of TYPED_ARRAYS) {
  const constructor = (globalThis as Record<string, unknown>)[name] as object | undefined;
  if (!constructor) continue;
  Object.defineProperty(constructor, Symbol.hasInstance, {
    configurable: true,
    value: (value: unknown) => ArrayBuffer.isView(value) && tagOf(value) === `[object ${name}]`,
  });
}

Object.defineProperty(ArrayBuffer, Symbol.hasInstance, {
  configurable: true,
  value: (value: unknown) => tagOf(value) === '[object ArrayBuffer]',
});
