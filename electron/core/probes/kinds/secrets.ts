/** Secrets come from the environment by name; a missing one fails the check instead of sending a blank or a literal. */
import { CheckFailure } from './check-types.js';

const ENV_REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The value of `name` in `env`; an empty string counts as unset. Throws a non-retryable failure when missing. */
export function requireSecret(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new CheckFailure(`secret ${name} is not set`, false);
  return value;
}

/** Replaces every `${env:NAME}` in `text` with the variable's value. */
export function substituteSecrets(text: string, env: NodeJS.ProcessEnv): string {
  return text.replace(ENV_REFERENCE, (_, name: string) => requireSecret(env, name));
}
