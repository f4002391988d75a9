/**
 * The operator's passphrase, which encrypts the treasury key, the CA key and the backups:
 * from COMMUNITY_PASSPHRASE (scripts, tests) or asked at the terminal without
 * echo. Nothing else: no flag, so it never lands in the shell's history or `ps`.
 */
import { InputError } from '../lib/user-input';

export const PASSPHRASE_VARIABLE = 'COMMUNITY_PASSPHRASE';
export const MIN_PASSPHRASE_LENGTH = 10;

export type Prompt = (question: string) => Promise<string>;

/** A new passphrase for `init` (or a backup): long enough, typed twice at a terminal. */
export async function newPassphrase(prompt: Prompt = askHidden, what = 'the treasury key'): Promise<string> {
  const fromEnvironment = process.env[PASSPHRASE_VARIABLE];
  const passphrase = fromEnvironment ?? (await prompt(`Choose a passphrase for ${what}: `));
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new InputError(`the passphrase is too short: use at least ${MIN_PASSPHRASE_LENGTH} characters, a few words are easiest`);
  }
  if (fromEnvironment === undefined && (await prompt('Type it again: ')) !== passphrase) {
    throw new InputError('the two passphrases differ: nothing was created');
  }
  return passphrase;
}

/** The passphrase to open the treasury key (or a backup). */
export async function existingPassphrase(prompt: Prompt = askHidden, question = 'Treasury passphrase: '): Promise<string> {
  return process.env[PASSPHRASE_VARIABLE] ?? prompt(question);
}

/** Reads a line from the terminal, echoing nothing. */
export function askHidden(question: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    return Promise.reject(new InputError(`no terminal to ask the passphrase at: set ${PASSPHRASE_VARIABLE}`));
  }
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let typed = '';
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const finish = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new InputError('cancelled: nothing was changed'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char >= ' ') typed += char;
      }
    };
    input.on('data', onData);
  });
}
