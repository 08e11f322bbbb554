/** Shown when the server refused the token: paste the one from `warroom serve`, then reconnect. */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useClient } from '../../api/client-context.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { Icon } from './Icon.js';

export function TokenPrompt() {
  const client = useClient();
  const [token, setToken] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim()) client.authenticate(token.trim());
  };
  return (
    <main className="token-prompt" data-testid="token-prompt">
      <form className="panel token-prompt__panel" onSubmit={submit}>
        <div className="token-prompt__head">
          <h1>
            <Icon name="key" />
            Connect this screen
          </h1>
          <ConnectionIndicator />
        </div>
        <p>
          The Warroom server did not accept this screen's token. Paste the operator or read-only token printed by{' '}
          <code>warroom serve</code>, or open the link it printed.
        </p>
        <label className="field">
          <span className="field__label">Token</span>
          <input
            className="input"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            data-testid="token-input"
            autoFocus
          />
        </label>
        <button className="button button--primary" type="submit" disabled={!token.trim()} data-testid="token-submit">
          Connect
        </button>
      </form>
    </main>
  );
}
