import type { ErrorCode } from '../../shared/api/result';

type Props = { summary: string; detail?: string | null; file?: string | null; code?: ErrorCode; testId?: string };

export function ErrorNote({ summary, detail, file, code, testId }: Props) {
  return (
    <div className="error-note" role="alert" data-testid={testId} data-error-code={code}>
      <p className="error-summary">{summary}</p>
      {file ? (
        <p className="error-file">
          Damaged file: <code>{file}</code>
        </p>
      ) : null}
      {detail && detail !== summary ? <p className="error-detail">{detail}</p> : null}
    </div>
  );
}
