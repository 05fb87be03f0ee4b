import { z } from 'zod';
import { caseSummarySchema, sessionStateSchema } from '../domain/case';
import { sourceSummarySchema } from '../domain/source';

const passphrase = z.string().min(1, 'Enter the passphrase.').max(1024);
const empty = z.object({}).strict();

export const importFileSchema = z.object({
  /** File name as the user saw it. */
  name: z.string().min(1).max(1024),
  /** Relative path inside a dropped folder, when there is one. */
  path: z.string().max(4096).nullable().default(null),
  dataBase64: z.string(),
});

export const importReportSchema = z.object({
  imported: z.array(sourceSummarySchema),
  duplicates: z.array(z.object({ file: z.string(), existingId: z.string(), existingTitle: z.string() })),
  failed: z.array(z.object({ file: z.string(), reason: z.string() })),
});
export type ImportReport = z.infer<typeof importReportSchema>;

/**
 * The single source of truth for talking to main: every method with the schema of its input and output.
 * Electron's preload, the web host and the renderer client are all derived from this object.
 */
export const contract = {
  'app.info': {
    input: empty,
    output: z.object({ version: z.string(), host: z.enum(['electron', 'web']), researcher: z.string() }),
  },
  'session.state': { input: empty, output: sessionStateSchema },
  'case.create': {
    input: z
      .object({
        name: z.string().trim().min(1, 'Give the case a name.').max(200),
        passphrase: z.string().min(8, 'Use a passphrase of at least 8 characters.').max(1024),
        folder: z.string().trim().max(120).optional(),
        demo: z.boolean().default(false),
      })
      .strict(),
    output: caseSummarySchema,
  },
  'case.unlock': {
    input: z.object({ passphrase, folder: z.string().max(120).optional() }).strict(),
    output: caseSummarySchema,
  },
  'case.lock': { input: empty, output: z.object({ locked: z.literal(true) }) },
  'sources.list': { input: empty, output: z.array(sourceSummarySchema) },
  'sources.read': {
    input: z.object({ id: z.string().min(1).max(100) }).strict(),
    output: z.object({ source: sourceSummarySchema, text: z.string() }),
  },
  'sources.import': {
    input: z.object({ files: z.array(importFileSchema).min(1).max(500) }).strict(),
    output: importReportSchema,
  },
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;
export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
