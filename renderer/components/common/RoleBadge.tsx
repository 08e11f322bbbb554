/** Operator or Read-only: what this screen may change. */
import { useAppStore } from '../../stores/store.js';
import { Icon } from './Icon.js';

export function RoleBadge() {
  const role = useAppStore((s) => s.connection.role);
  if (!role) return null;
  const operator = role === 'operator';
  return (
    <div className={`badge badge--${role}`} data-testid="role-badge" data-role={role}>
      <Icon name={operator ? 'pen' : 'lock'} />
      <span>{operator ? 'Operator' : 'Read-only'}</span>
    </div>
  );
}
