import { Icon } from '../common/Icon.js';
import type { Refusal } from './refusal.js';

export function RefusalNote({ refusal, testId }: { refusal: Refusal | null; testId: string }) {
  if (!refusal) return null;
  return (
    <div className="form-error" role="alert" data-testid={testId}>
      <Icon name="cross" />
      <div>
        <strong>{refusal.title}</strong>
        <ul>
          {refusal.details.map((detail) => (
            <li key={detail}>{detail}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}
