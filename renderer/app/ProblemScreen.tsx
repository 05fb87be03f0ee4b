import type { ApiError } from '../api/client';
import { Wordmark } from '../components/Wordmark';

export function ProblemScreen({ problem, onRetry }: { problem: ApiError; onRetry: () => void }) {
  return (
    <main className="access-screen">
      <div className="access-card access-card-narrow" role="alert" data-testid="connection-problem" data-error-code={problem.code}>
        <Wordmark />
        <h1 className="access-title">{problem.code === 'FORBIDDEN' ? 'Not authorised' : 'Casefile is not available'}</h1>
        <p className="access-lede">{problem.message}</p>
        <div className="access-actions">
          <button type="button" className="btn btn-secondary" onClick={onRetry}>
            Try again
          </button>
        </div>
      </div>
    </main>
  );
}
