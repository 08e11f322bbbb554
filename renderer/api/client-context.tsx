/** Hands the one client to the components that call commands (forms); events go through the store. */
import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import type { WarroomClient } from './client.js';

const ClientContext = createContext<WarroomClient | null>(null);

export function ClientProvider({ client, children }: { client: WarroomClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

/** The client of the nearest ClientProvider; throws outside one (a wiring bug). */
export function useClient(): WarroomClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient() needs a <ClientProvider> above it');
  return client;
}
