import { AppError } from './app-error';
import { withTimeout } from './with-timeout';

describe('withTimeout', () => {
  it('passes a timely answer through', async () => {
    await expect(withTimeout(Promise.resolve(42), 50, 'late')).resolves.toBe(42);
  });

  it('gives up with a timeout AppError in words instead of waiting for ever', async () => {
    const never = new Promise<never>(() => undefined);
    const error = await withTimeout(never, 20, 'The wallet did not answer.').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: 'timeout', message: 'The wallet did not answer.' });
  });

  it('keeps the original failure when it comes first', async () => {
    await expect(withTimeout(Promise.reject(new Error('refused')), 50, 'late')).rejects.toThrow('refused');
  });
});
