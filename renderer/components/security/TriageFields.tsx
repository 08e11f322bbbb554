/** The fields of a triage: the new state, and its reason; an accepted risk adds mitigation, owner and expiry. */
import type { TriageChoice, TriageTarget } from './triage-choice.js';
import { TRIAGE_TARGETS } from './triage-choice.js';
import { STATE_WORDS } from './security-format.js';

type Problems = Partial<Record<keyof TriageChoice | 'actor', string>>;

function Problem({ text }: { text: string | undefined }) {
  return text ? <span className="field__problem">{text}</span> : null;
}

export function TriageFields({ choice, onChange, problems, testIdPrefix }: { choice: TriageChoice; onChange: (choice: TriageChoice) => void; problems: Problems; testIdPrefix: string }) {
  const set = (patch: Partial<TriageChoice>) => onChange({ ...choice, ...patch });
  const accepted = choice.state === 'accepted';
  return (
    <div className="sec-triage__fields">
      <fieldset className="sec-filter__group">
        <legend className="field__label">New state</legend>
        <div className="sec-filter__toggles">
          {TRIAGE_TARGETS.map((state: TriageTarget) => (
            <label key={state} className={`sec-toggle${choice.state === state ? ' sec-toggle--on' : ''}`}>
              <input type="radio" name={`${testIdPrefix}-state`} value={state} checked={choice.state === state} onChange={() => set({ state })} data-testid={`${testIdPrefix}-state-${state}`} />
              {STATE_WORDS[state]}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="field">
        <span className="field__label">Reason{accepted || choice.state === 'false-positive' ? ' (required)' : ''}</span>
        <input className={`input${problems.reason ? ' input--invalid' : ''}`} value={choice.reason} maxLength={2000} onChange={(e) => set({ reason: e.target.value })} data-testid={`${testIdPrefix}-reason`} />
        <Problem text={problems.reason} />
      </label>
      {accepted && (
        <div className="sec-triage__accept">
          <label className="field">
            <span className="field__label">Mitigation</span>
            <input className="input" value={choice.mitigation} maxLength={2000} onChange={(e) => set({ mitigation: e.target.value })} data-testid={`${testIdPrefix}-mitigation`} />
          </label>
          <label className="field">
            <span className="field__label">Owner</span>
            <input className="input" value={choice.owner} maxLength={120} onChange={(e) => set({ owner: e.target.value })} data-testid={`${testIdPrefix}-owner`} />
          </label>
          <label className="field">
            <span className="field__label">Holds through (UTC day)</span>
            <input className={`input${problems.expires ? ' input--invalid' : ''}`} type="date" value={choice.expires} onChange={(e) => set({ expires: e.target.value })} data-testid={`${testIdPrefix}-expires`} />
            <Problem text={problems.expires} />
          </label>
        </div>
      )}
    </div>
  );
}
