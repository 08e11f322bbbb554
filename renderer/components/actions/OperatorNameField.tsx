/**
 * "You are …": the operator's name, asked once and remembered on this machine (the journal's
 * author too); it signs every run, approval, cancel and runbook tick in the audit trail.
 */
import { useState } from 'react';
import { rememberOperatorName, useOperatorName } from '../../lib/operator-name.js';
import { Icon } from '../common/Icon.js';

function NameInput({ initial, compact }: { initial: string; compact: boolean }) {
  const [draft, setDraft] = useState(initial);
  const commit = () => {
    if (draft.trim() !== initial) rememberOperatorName(draft);
  };
  return (
    <label className={`operator-name${compact ? ' operator-name--compact' : ''}${initial === '' ? ' operator-name--missing' : ''}`}>
      <span className="field__label">
        <Icon name="pen" />
        {initial === '' ? 'Your name (asked once)' : 'You are'}
      </span>
      <input
        className="input"
        value={draft}
        maxLength={60}
        autoComplete="name"
        placeholder="Name for the audit trail"
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
        data-testid="operator-name"
      />
      {!compact && <span className="field-hint">Recorded with everything you run, approve, cancel or tick.</span>}
    </label>
  );
}

export function OperatorNameField({ compact = false }: { compact?: boolean }) {
  const name = useOperatorName();
  // A name remembered elsewhere (the journal, another window) starts the field afresh.
  return <NameInput key={name} initial={name} compact={compact} />;
}
