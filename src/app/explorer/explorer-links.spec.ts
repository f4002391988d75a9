import { addressLink, blockLink, explorerLink, shortHex, txLink } from './explorer-links';

describe('explorer links', () => {
  const hash = `0x${'a1'.repeat(32)}`;

  it('gives router paths under /explorer for blocks, transactions and addresses', () => {
    expect(explorerLink()).toBe('/explorer');
    expect(blockLink(28)).toBe('/explorer/block/28');
    expect(blockLink(28n)).toBe('/explorer/block/28');
    expect(blockLink(hash)).toBe(`/explorer/block/${hash}`);
    expect(txLink(hash)).toBe(`/explorer/tx/${hash}`);
    expect(addressLink('0x70997970C51812dc3A010C7d01b50e0d17dc79C8')).toBe('/explorer/address/0x70997970C51812dc3A010C7d01b50e0d17dc79C8');
  });

  it('shortens long hex to head and tail, and leaves short values alone', () => {
    expect(shortHex('0x70997970C51812dc3A010C7d01b50e0d17dc79C8')).toBe('0x7099…79C8');
    expect(shortHex(hash, 10, 8)).toBe('0xa1a1a1a1…a1a1a1a1');
    expect(shortHex('0x1234')).toBe('0x1234');
  });
});
