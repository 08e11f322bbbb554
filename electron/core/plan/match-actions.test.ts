import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../config/load-config.js';
import { REHEARSAL_CONFIG } from '../testing/make-core.js';
import { matchCommand, splitWords } from './match-actions.js';

const config = loadConfigFile(REHEARSAL_CONFIG, { bundled: true }).config;

describe('matchCommand against the rehearsal config', () => {
  it('splits words as a shell would, without expanding anything', () => {
    expect(splitWords(`deploy --note "two words" 'it''s' a\\ b $HOME`)).toEqual(['deploy', '--note', 'two words', 'its', 'a b', '$HOME']);
  });

  it('matches literals and fills placeholders, a choice only with one of its choices', () => {
    expect(matchCommand('node rehearsal/deploy.mjs --version 2.5.0', config).action).toEqual({ id: 'deploy', params: { version: '2.5.0' }, dryRun: false });
    expect(matchCommand('node rehearsal/deploy.mjs --version 9.9.9', config).action).toBeNull();
    expect(matchCommand('node rehearsal/rollback.mjs --complete', config).action).toEqual({ id: 'rollback', params: {}, dryRun: false });
  });

  it('matches a dry-run argv as a dry run', () => {
    expect(matchCommand('node rehearsal/db-rollback.mjs --to 41 --dry-run', config).action).toEqual({ id: 'db-rollback', params: { version: '41' }, dryRun: true });
  });

  it('matches nothing when words are missing, extra or different', () => {
    for (const line of ['node rehearsal/rollback.mjs', 'node rehearsal/rollback.mjs --complete --now', 'rm -rf /', 'node rehearsal/deploy.mjs --version']) {
      expect(matchCommand(line, config)).toEqual({ line, action: null });
    }
  });
});
