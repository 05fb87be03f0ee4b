import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SEEDS_DIR = fileURLToPath(new URL('../../../seeds', import.meta.url));

export function seed(prefix: string): { name: string; bytes: Uint8Array; text: string } {
  const name = readdirSync(SEEDS_DIR).find((f) => f.startsWith(prefix));
  if (!name) throw new Error(`seed ${prefix} missing`);
  const bytes = new Uint8Array(readFileSync(join(SEEDS_DIR, name)));
  return { name, bytes, text: new TextDecoder().decode(bytes) };
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Latin-1 bytes for a string made of U+0000..U+00FF only. */
export function latin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) throw new Error('not latin-1');
    out[i] = c;
  }
  return out;
}

export function utf16(s: string, le: boolean, bom: boolean): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + s.length * 2);
  let o = 0;
  if (bom) {
    out[o++] = le ? 0xff : 0xfe;
    out[o++] = le ? 0xfe : 0xff;
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[o++] = le ? c & 0xff : c >> 8;
    out[o++] = le ? c >> 8 : c & 0xff;
  }
  return out;
}
