/**
 * Checks that do not stop a scenario: a wrong figure on one screen should
 * not hide what the next screens do. Call `assertNone()` at the end of the
 * test, which fails with every finding at once.
 */
import assert from 'node:assert/strict';

export class Findings {
  private readonly found: string[] = [];

  equal<T>(actual: T, expected: T, what: string): void {
    try {
      assert.deepEqual(actual, expected);
    } catch {
      this.found.push(`${what}: expected ${show(expected)}, got ${show(actual)}`);
    }
  }

  includes(text: string, part: string, what: string): void {
    if (!text.includes(part)) this.found.push(`${what}: expected "${part}" in "${text.slice(0, 300)}"`);
  }

  /** Runs a waiting check; its failure becomes a finding. */
  async check(what: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.found.push(`${what}: ${(error as Error).message.split('\n')[0]}`);
    }
  }

  assertNone(): void {
    if (this.found.length > 0) assert.fail(`${this.found.length} check(s) failed:\n  - ${this.found.join('\n  - ')}`);
  }
}

function show(value: unknown): string {
  return typeof value === 'bigint' ? `${value}n` : JSON.stringify(value);
}
