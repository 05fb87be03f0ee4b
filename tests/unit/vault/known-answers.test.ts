import { createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open } from '../../../main/core/vault/aead';
import { deriveWrappingKey } from '../../../main/core/vault/kdf';

const hex = (s: string) => Buffer.from(s, 'hex');

describe('Argon2id (phc-winner-argon2 src/test.c vectors, version 0x13)', () => {
  const vectors = [
    { memoryKiB: 256, passes: 2, parallelism: 1, tag: '9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe' },
    { memoryKiB: 256, passes: 2, parallelism: 2, tag: '6d093c501fd5999645e0ea3bf620d7b8be7fd2db59c20d9fff9539da2bf57037' },
    { memoryKiB: 65536, passes: 2, parallelism: 1, tag: '09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7' },
  ];
  for (const v of vectors) {
    it(`m=${v.memoryKiB} t=${v.passes} p=${v.parallelism}`, async () => {
      const key = await deriveWrappingKey('password', Buffer.from('somesalt'), { algorithm: 'argon2id', ...v });
      expect(key.toString('hex')).toBe(v.tag);
    });
  }

  it('normalises the passphrase to NFC before hashing', async () => {
    const kdf = { algorithm: 'argon2id', memoryKiB: 64, passes: 1, parallelism: 1 } as const;
    const composed = await deriveWrappingKey('caf\u00e9', Buffer.from('somesalt'), kdf);
    const decomposed = await deriveWrappingKey('cafe\u0301', Buffer.from('somesalt'), kdf);
    expect(decomposed.equals(composed)).toBe(true);
  });
});

describe('AES-256-GCM (McGrew & Viega, GCM spec test cases 14 and 16)', () => {
  const cases = [
    {
      name: 'test case 14',
      key: '0'.repeat(64),
      iv: '0'.repeat(24),
      aad: '',
      pt: '0'.repeat(32),
      ct: 'cea7403d4d606b6e074ec5d3baf39d18',
      tag: 'd0d1c8a799996bf0265b98b5d48ab919',
    },
    {
      name: 'test case 16',
      key: 'feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308',
      iv: 'cafebabefacedbaddecaf888',
      aad: 'feedfacedeadbeeffeedfacedeadbeefabaddad2',
      pt: 'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
      ct: '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662',
      tag: '76fc6ece0f4e1768cddf8853bb2d551b',
    },
  ];
  for (const c of cases) {
    it(`${c.name}: the vault's open() accepts the published ciphertext and refuses any change`, () => {
      const message = Buffer.concat([hex(c.iv), hex(c.ct), hex(c.tag)]);
      expect(open(hex(c.key), hex(c.aad), message)?.toString('hex')).toBe(c.pt);
      for (const at of [0, 12, message.length - 1]) {
        const bad = Buffer.from(message);
        bad[at]! ^= 1;
        expect(open(hex(c.key), hex(c.aad), bad)).toBeNull();
      }
      // A truncated tag must not be accepted (Node accepts 4-byte tags unless authTagLength is pinned).
      expect(open(hex(c.key), hex(c.aad), message.subarray(0, message.length - 12))).toBeNull();
    });
  }
});

describe('HKDF-SHA256 and HMAC-SHA256 as provided by node:crypto', () => {
  it('RFC 5869 test case 1', () => {
    const okm = hkdfSync('sha256', hex('0b'.repeat(22)), hex('000102030405060708090a0b0c'), hex('f0f1f2f3f4f5f6f7f8f9'), 42);
    expect(Buffer.from(okm).toString('hex')).toBe('3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
  });

  it('RFC 4231 test case 2', () => {
    expect(createHmac('sha256', 'Jefe').update('what do ya want for nothing?').digest('hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
});
