/** The renderer's view of the contract Client: the one interface views, stores and hooks use. */
import type { Client, ConnectionState } from '../../shared/contract/index.js';

/**
 * The stream states of the contract plus 'unauthorized': the server refused the credential
 * (missing or wrong token), so retrying alone cannot help and the UI must ask for one.
 */
export type LinkState = ConnectionState | 'unauthorized';

/** The contract Client plus what a screen needs to recover from a refused credential. */
export interface WarroomClient extends Client {
  /** Like onConnection, but reports 'unauthorized' instead of 'closed' when refused. Calls fn at once with the current state. */
  onLinkState(fn: (state: LinkState) => void): () => void;
  /** Uses a new credential from now on and reconnects at once. Transports without one only reconnect. */
  authenticate(token: string): void;
}
