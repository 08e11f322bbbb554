/** A service's display name from the config (its id when the config does not know it), as a function for lists. */
import { useCallback } from 'react';
import { useAppStore } from '../../stores/store.js';

export function useServiceName(): (id: string) => string {
  const services = useAppStore((s) => s.config?.services);
  return useCallback((id: string) => services?.find((service) => service.id === id)?.name ?? id, [services]);
}
