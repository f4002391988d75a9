import type { OrderStruct } from './market-order';

/** 32-byte ABI words of `Order` (id, kind, maker, unitPrice, remainingMilliWh): a static tuple. */
const WORDS_PER_ORDER = 5;
const WORD = 64;

/**
 * Decodes the return data of `getOrders` (an `Order[]`) straight from hex.
 * ethers' generic decoder builds a Result object per field and takes seconds
 * for 10,000 orders; this reads the fixed layout in one pass. Makers are
 * lower-case hex: compare them case-insensitively, show them checksummed.
 */
export function decodeOrders(returnData: string): OrderStruct[] {
  const hex = returnData.startsWith('0x') ? returnData.slice(2) : returnData;
  const word = (index: number) => hex.slice(index * WORD, (index + 1) * WORD);
  // Word 0: offset of the array (0x20); then its length, then the elements in place.
  const start = Number(BigInt(`0x${word(0)}`)) / 32;
  const length = Number(BigInt(`0x${word(start)}`));
  if (hex.length < (start + 1 + length * WORDS_PER_ORDER) * WORD) {
    throw new Error(`getOrders returned ${hex.length / 2} bytes, too few for ${length} orders.`);
  }
  const orders: OrderStruct[] = new Array(length);
  for (let i = 0; i < length; i++) {
    const base = start + 1 + i * WORDS_PER_ORDER;
    orders[i] = {
      id: BigInt(`0x${word(base)}`),
      kind: BigInt(`0x${word(base + 1)}`),
      maker: `0x${word(base + 2).slice(24)}`,
      unitPrice: BigInt(`0x${word(base + 3)}`),
      remainingMilliWh: BigInt(`0x${word(base + 4)}`),
    };
  }
  return orders;
}
