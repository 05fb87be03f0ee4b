import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../renderer/api/client';
import { explainAccessError, fileNamedIn } from '../../../renderer/features/case-access/accessErrors';
import { checkNewCase } from '../../../renderer/features/case-access/newCaseForm';

describe('checkNewCase', () => {
  const valid = { name: 'Pegasus', folder: '', passphrase: 'correct horse', confirm: 'correct horse' };

  it('accepts a valid form', () => {
    expect(checkNewCase(valid)).toEqual({});
  });

  it('catches short passphrases, mismatches and empty names inline', () => {
    expect(checkNewCase({ ...valid, passphrase: 'short', confirm: 'short' }).passphrase).toMatch(/at least 8/);
    expect(checkNewCase({ ...valid, confirm: 'correct horsf' }).confirm).toMatch(/do not match/);
    expect(checkNewCase({ ...valid, name: '   ' }).name).toBeDefined();
    expect(checkNewCase({ ...valid, folder: '../escape' }).folder).toBeDefined();
    expect(checkNewCase({ ...valid, folder: '.hidden' }).folder).toBeDefined();
    expect(checkNewCase({ ...valid, folder: 'notes-2024' }).folder).toBeUndefined();
  });

  it('counts characters, not UTF-16 units', () => {
    expect(checkNewCase({ ...valid, passphrase: '🔑🔑🔑🔑', confirm: '🔑🔑🔑🔑' }).passphrase).toBeDefined();
  });
});

describe('explainAccessError', () => {
  const codes = ['WRONG_PASSPHRASE', 'TAMPERED', 'UNSUPPORTED_VERSION', 'IN_USE', 'KDF_PARAMS', 'DISK', 'NOT_A_CASE'] as const;

  it('gives each unlock failure its own sentence', () => {
    const summaries = codes.map((code) => explainAccessError(new ApiError(code, 'detail')).summary);
    expect(new Set(summaries).size).toBe(codes.length);
    expect(summaries[0]).toBe('That passphrase does not open this case.');
  });

  it('names the damaged file of a TAMPERED error', () => {
    const explained = explainAccessError(new ApiError('TAMPERED', 'The file “journal/000003.cfj” failed authentication.'));
    expect(explained.file).toBe('journal/000003.cfj');
    expect(fileNamedIn('Authentication failed for blobs/ab/cd12.bin')).toBe('blobs/ab/cd12.bin');
  });
});
