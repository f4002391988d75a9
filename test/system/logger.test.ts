/**
 * The services' logger: records carry level, time and part; the terminal
 * shows one readable line per record; the level filters; the supervisor turns
 * a child's JSON record (or a plain line) into the same kind of line.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { formatLogRecord, parseChildLine } from '../../scripts/lib/log-format';
import { createLogger } from '../../scripts/lib/logger';
import { parseStartFlags } from '../../scripts/system/start-flags';

const TIME = /^\d\d:\d\d:\d\d\.\d\d\d /;

describe('the logger', () => {
  it('prints one line per record: time, part, level word when not info, message', () => {
    const lines: string[] = [];
    const log = createLogger('delivery', { level: 'info', format: 'pretty', write: (line) => lines.push(line) });
    log.info({ tradeId: 12 }, 'trade #12 node house-3 (0x3C44…93BC): order sent (queued)');
    log.warn('chain connection lost: reconnecting');
    log.error({ err: new Error('connection refused') }, 'settlement failed');
    log.debug('not shown at info');
    assert.equal(lines.length, 3);
    assert.match(lines[0], TIME);
    assert.equal(lines[0].slice(13), '[delivery] trade #12 node house-3 (0x3C44…93BC): order sent (queued)');
    assert.equal(lines[1].slice(13), '[delivery] WARN chain connection lost: reconnecting');
    assert.equal(lines[2].slice(13), '[delivery] ERROR settlement failed: connection refused');
  });

  it('shows debug records at the debug level', () => {
    const lines: string[] = [];
    const log = createLogger('server', { level: 'debug', format: 'pretty', write: (line) => lines.push(line) });
    log.debug('a detail');
    assert.equal(lines[0].slice(13), '[server]   DEBUG a detail');
  });

  it('lets the supervisor print a child JSON record and a plain line alike', () => {
    const json = JSON.stringify({ level: 40, time: Date.parse('2026-12-01T10:00:00.250Z'), pid: 1, name: 'chain', msg: 'slow' });
    const record = parseChildLine('chain', json, 'stdout');
    assert.equal(record.msg, 'slow');
    assert.match(formatLogRecord(record), /^\d\d:\d\d:00\.250 \[chain\]    WARN slow$/);
    const plain = parseChildLine('house-3', 'energy-node listening on http://127.0.0.1:7003', 'stdout');
    assert.equal(plain.name, 'house-3');
    assert.equal(plain.level, 30);
    assert.match(formatLogRecord(plain), /\[house-3\]  energy-node listening/);
    assert.equal(parseChildLine('x', '{not json', 'stdout').msg, '{not json');
  });

  it('takes the level of npm start from --log-level, refusing an unknown one', () => {
    const flags = parseStartFlags(['--log-level', 'debug']);
    assert.ok(flags !== 'help' && flags.logLevel === 'debug');
    assert.throws(() => parseStartFlags(['--log-level', 'loud']), /--log-level must be one of fatal, error, warn, info, debug/);
  });
});
