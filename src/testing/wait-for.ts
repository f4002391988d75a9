/**
 * The specs' polling helper is the one of every test and benchmark
 * (test/support/wait-for.ts): waitFor(condition, { timeoutMs, what }).
 */
export { type WaitOptions, delay, waitFor } from '../../test/support/wait-for';
