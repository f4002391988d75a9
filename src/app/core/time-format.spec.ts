import { formatDuration, formatUtc, timeAgo } from './time-format';

describe('time format', () => {
  it('dates in UTC', () => {
    expect(formatUtc(1_667_939_907)).toBe('2022-11-08 20:38:27 UTC');
  });

  it('says how long ago, and a time ahead of this clock is just now', () => {
    expect(timeAgo(100, 112)).toBe('12 s ago');
    expect(timeAgo(100, 100 + 180)).toBe('3 min ago');
    expect(timeAgo(100, 100 + 5 * 3600)).toBe('5 h ago');
    expect(timeAgo(100, 100 + 86_400)).toBe('1 day ago');
    expect(timeAgo(100, 100 + 3 * 86_400)).toBe('3 days ago');
    expect(timeAgo(100, 104)).toBe('just now');
    expect(timeAgo(200, 100)).toBe('just now');
  });

  it('says how long something will take, coarsely', () => {
    expect(formatDuration(46.4)).toBe('46 s');
    expect(formatDuration(-3)).toBe('0 s');
    expect(formatDuration(179)).toBe('3 min');
    expect(formatDuration(3 * 3600 + 20 * 60)).toBe('3 h 20 min');
    expect(formatDuration(7200)).toBe('2 h');
    expect(formatDuration(86_400 + 3 * 3600)).toBe('1 day 3 h');
    expect(formatDuration(2 * 86_400)).toBe('2 days');
  });
});
