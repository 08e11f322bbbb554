/** An action's parameters as inputs: service and choice selects, text with its pattern (checked as typed), flag checkboxes. */
import type { ActionView } from '../../../shared/domain/actions.js';
import { paramLabel } from './action-params.js';
import type { ParamValues } from './action-params.js';
import { useServiceName } from './use-service-name.js';

export function ParamFields({
  action,
  values,
  problems,
  onChange,
  testIdPrefix,
  disabled = false,
}: {
  action: ActionView;
  values: ParamValues;
  problems: Record<string, string>;
  onChange: (name: string, value: string | boolean) => void;
  /** Testids are `<prefix>-<param>`. */
  testIdPrefix: string;
  disabled?: boolean;
}) {
  const serviceName = useServiceName();
  const params = Object.entries(action.params);
  if (params.length === 0) return null;
  return (
    <div className="params">
      {params.map(([name, param]) => {
        const label = paramLabel(name, param);
        const value = values[name];
        const text = typeof value === 'string' ? value : '';
        const testId = `${testIdPrefix}-${name}`;
        // "Choose X" is for the Run button's hint; under the field only a wrong value is worth red.
        const problem = text !== '' ? problems[name] : undefined;
        if (param.type === 'flag') {
          return (
            <label key={name} className="param param--flag">
              <input type="checkbox" checked={value === true} disabled={disabled} onChange={(e) => onChange(name, e.target.checked)} data-testid={testId} />
              <span>{label}</span> <code className="muted">{param.flag}</code>
            </label>
          );
        }
        return (
          <label key={name} className="field param">
            <span className="field__label">{label}</span>
            {param.type === 'text' ? (
              <input
                className={`input${problem ? ' input--invalid' : ''}`}
                value={text}
                maxLength={param.maxLength}
                disabled={disabled}
                spellCheck={false}
                aria-invalid={problem ? true : undefined}
                onChange={(e) => onChange(name, e.target.value)}
                data-testid={testId}
              />
            ) : (
              <select className="input input--select" value={text} disabled={disabled} onChange={(e) => onChange(name, e.target.value)} data-testid={testId}>
                <option value="">{param.type === 'service' ? 'Choose a service…' : `Choose ${label.toLowerCase()}…`}</option>
                {(param.type === 'service' ? action.services : param.choices).map((choice) => (
                  <option key={choice} value={choice}>
                    {param.type === 'service' && serviceName(choice) !== choice ? `${serviceName(choice)} (${choice})` : choice}
                  </option>
                ))}
              </select>
            )}
            {param.type === 'text' && (
              <span className="field-hint">
                pattern <code>{param.pattern}</code>
              </span>
            )}
            {problem && (
              <span className="param__problem" role="alert" data-testid={`${testId}-problem`}>
                {problem}
              </span>
            )}
          </label>
        );
      })}
    </div>
  );
}
