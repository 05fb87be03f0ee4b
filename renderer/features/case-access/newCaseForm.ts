export const MIN_PASSPHRASE_LENGTH = 8;
export const DEMO_CASE_NAME = 'Demo — NSO Group & SS7';

export type NewCaseFields = { name: string; folder: string; passphrase: string; confirm: string };
export type NewCaseProblems = Partial<Record<keyof NewCaseFields, string>>;

/** The same limits the contract enforces, checked here first so mistakes show next to the field. */
export function checkNewCase(fields: NewCaseFields): NewCaseProblems {
  const problems: NewCaseProblems = {};
  if (fields.name.trim() === '') problems.name = 'Give the case a name.';
  else if (fields.name.trim().length > 200) problems.name = 'Keep the name under 200 characters.';
  if (fields.folder.trim().length > 120) problems.folder = 'Keep the folder name under 120 characters.';
  else if (/[/\\:*?"<>|\0]/.test(fields.folder) || fields.folder.trim().startsWith('.')) {
    problems.folder = 'A folder name cannot start with a dot or contain / \\ : * ? " < > |.';
  }
  if ([...fields.passphrase].length < MIN_PASSPHRASE_LENGTH) {
    problems.passphrase = `Use at least ${MIN_PASSPHRASE_LENGTH} characters.`;
  } else if (fields.passphrase.length > 1024) {
    problems.passphrase = 'Use at most 1024 characters.';
  }
  if (!problems.passphrase && fields.confirm !== fields.passphrase) {
    problems.confirm = 'The two passphrases do not match.';
  }
  return problems;
}
