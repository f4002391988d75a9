import { EventEmitter } from 'node:events';

import { type BlockSource, followNewBlocks } from './new-blocks';

/** A block source as ethers' provider is one: 'block' events with the new head. */
class Heads extends EventEmitter implements BlockSource {
  override on(event: 'block', listener: (n: number) => void): this {
    return super.on(event, listener);
  }
  override off(event: 'block', listener: (n: number) => void): this {
    return super.off(event, listener);
  }
}

describe('followNewBlocks', () => {
  it('refreshes once per head, never two at a time, folding a burst into one more refresh with the newest head', async () => {
    const heads = new Heads();
    const seen: number[] = [];
    let release: () => void = () => undefined;
    const stop = followNewBlocks(heads, (head) => {
      seen.push(head);
      return new Promise<void>((resolve) => (release = resolve));
    });
    heads.emit('block', 10);
    heads.emit('block', 11);
    heads.emit('block', 13);
    heads.emit('block', 12);
    expect(seen).toEqual([10]);
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([10, 13]);
    release();
    stop();
    heads.emit('block', 14);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([10, 13]);
    expect(heads.listenerCount('block')).toBe(0);
  });

  it('keeps following after a refresh fails', async () => {
    const heads = new Heads();
    const seen: number[] = [];
    const stop = followNewBlocks(heads, async (head) => {
      seen.push(head);
      throw new Error('chain unreachable');
    });
    heads.emit('block', 1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    heads.emit('block', 2);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([1, 2]);
    stop();
  });
});
