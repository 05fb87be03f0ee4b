import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Short, typeable ids ("s-7k2m9q4x1d") for the CLI; 50 random bits, checked for collisions by the caller. */
export function newId(prefix: string): string {
  const bytes = randomBytes(10);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return `${prefix}-${out}`;
}
