import { z } from 'zod';

/** Every failure a user can meet has its own code, so each UI and CLI message can be specific. */
export const ERROR_CODES = [
  'BAD_INPUT',
  'NOT_FOUND',
  'NO_CASE',
  'CASE_LOCKED',
  'CASE_EXISTS',
  'WRONG_PASSPHRASE',
  'TAMPERED',
  'UNSUPPORTED_VERSION',
  'NOT_A_CASE',
  'IN_USE',
  'KDF_PARAMS',
  'DISK',
  'IMPORT_FAILED',
  'FORBIDDEN',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string() });
export type ApiErrorShape = z.infer<typeof errorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/** Thrown by core code; hosts turn it into a failed Result without leaking internals. */
export class CasefileError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CasefileError';
  }
}

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: errorSchema }),
  ]);
}
