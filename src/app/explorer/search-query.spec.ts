import { SEARCH_HINT, classifySearch } from './search-query';

describe('classifySearch', () => {
  const address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
  const hash = `0x${'0a'.repeat(32)}`;

  it('reads bare numbers as ambiguous, forgiving a leading # and digit grouping', () => {
    expect(classifySearch('28')).toEqual({ kind: 'number', number: 28 });
    expect(classifySearch('  #28 ')).toEqual({ kind: 'number', number: 28 });
    expect(classifySearch('1,234,567')).toEqual({ kind: 'number', number: 1_234_567 });
    expect(classifySearch('0')).toEqual({ kind: 'number', number: 0 });
    expect(classifySearch('99999999999999999999')).toMatchObject({ kind: 'invalid' });
  });

  it('reads numbers that say what they number: block, trade, order, offer, request', () => {
    expect(classifySearch('block 28')).toEqual({ kind: 'block-number', number: 28 });
    expect(classifySearch('Trade #2')).toEqual({ kind: 'trade', id: 2 });
    expect(classifySearch('trade2')).toEqual({ kind: 'trade', id: 2 });
    expect(classifySearch('order 7')).toEqual({ kind: 'order', id: 7 });
    expect(classifySearch('offer #1,000')).toEqual({ kind: 'order', id: 1000 });
    expect(classifySearch('request 3')).toEqual({ kind: 'order', id: 3 });
    expect(classifySearch('trade 99999999999999999999')).toEqual({ kind: 'invalid', message: 'trade 99999999999999999999 is too large to be a trade number.' });
  });

  it('takes words to be part of a household\'s name', () => {
    expect(classifySearch(' Demo household 3 ')).toEqual({ kind: 'name', text: 'Demo household 3' });
    expect(classifySearch('Ásgeir')).toEqual({ kind: 'name', text: 'Ásgeir' });
  });

  it('keeps a 32-byte hash ambiguous (block or transaction), lower-cased, with or without 0x', () => {
    expect(classifySearch(hash)).toEqual({ kind: 'hash', hash });
    expect(classifySearch(hash.toUpperCase().replace('0X', '0x'))).toEqual({ kind: 'hash', hash });
    expect(classifySearch(hash.slice(2))).toEqual({ kind: 'hash', hash });
  });

  it('reads addresses in any case and gives them checksummed', () => {
    expect(classifySearch(address)).toEqual({ kind: 'address', address });
    expect(classifySearch(address.toLowerCase())).toEqual({ kind: 'address', address });
    expect(classifySearch(address.slice(2).toUpperCase())).toEqual({ kind: 'address', address });
  });

  it('turns down an address whose mixed case breaks its checksum: most likely a typo', () => {
    const typo = address.replace('C51812', 'c51812');
    const result = classifySearch(typo);
    expect(result.kind).toBe('invalid');
    expect(result.kind === 'invalid' && result.message).toMatch(/checksum/);
  });

  it('says why other input cannot match', () => {
    expect(classifySearch('')).toEqual({ kind: 'empty' });
    expect(classifySearch('   ')).toEqual({ kind: 'empty' });
    expect(classifySearch('0x1234')).toEqual({ kind: 'invalid', message: '0x1234 has 4 hex digits: a hash has 64 and an address 40.' });
    expect(classifySearch('-5')).toEqual({ kind: 'invalid', message: `Nothing can match “-5”. ${SEARCH_HINT}` });
    expect(classifySearch(`${hash}00`)).toMatchObject({ kind: 'invalid' });
  });
});
