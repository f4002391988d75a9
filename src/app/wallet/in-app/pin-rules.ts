/** The shortest PIN taken: six digits, as phones and mobile money use. */
export const MIN_PIN_LENGTH = 6;

/** What is wrong with a new PIN and its repetition, in words; null when both are fine. */
export function newPinProblem(pin: string, repeated: string): string | null {
  if (!/^\d+$/.test(pin)) return 'The PIN is digits only, such as 482915.';
  if (pin.length < MIN_PIN_LENGTH) return `The PIN needs at least ${MIN_PIN_LENGTH} digits.`;
  if (/^(\d)\1+$/.test(pin) || '0123456789012345'.includes(pin) || '9876543210987654'.includes(pin)) {
    return 'That PIN is too easy to guess: avoid repeated or consecutive digits.';
  }
  if (pin !== repeated) return 'The two PINs differ: type the same PIN twice.';
  return null;
}
