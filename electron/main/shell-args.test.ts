import { describe, expect, it } from 'vitest';
import { parseShellArgs } from './args.js';
import { externalUrlToOpen } from './navigation.js';

describe('shell arguments', () => {
  it('reads --config and --kiosk among Electron and Chromium arguments', () => {
    expect(parseShellArgs(['.', '--inspect=0', '--config', 'ops/warroom.yaml', '--kiosk'])).toEqual({ config: 'ops/warroom.yaml', kiosk: true });
    expect(parseShellArgs(['--remote-debugging-port=0', '.', '--config=/etc/warroom.yaml'])).toEqual({ config: '/etc/warroom.yaml', kiosk: false });
    expect(parseShellArgs(['.'])).toEqual({ kiosk: false });
  });

  it('does not take the next flag as the config path', () => {
    expect(parseShellArgs(['--config', '--kiosk'])).toEqual({ kiosk: true });
    expect(parseShellArgs(['--config='])).toEqual({ kiosk: false });
  });
});

describe('external links', () => {
  it('opens http and https links', () => {
    expect(externalUrlToOpen('https://status.example.com/incident?id=1')).toBe('https://status.example.com/incident?id=1');
    expect(externalUrlToOpen('http://runbooks.internal/deploy')).toBe('http://runbooks.internal/deploy');
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://share/x',
    'app://warroom/index.html',
    'data:text/html,hi',
    'https://bank.example@evil.example/',
    'not a url',
    `https://example.com/${'a'.repeat(3000)}`,
  ])('never opens %s', (url) => {
    expect(externalUrlToOpen(url)).toBeUndefined();
  });
});
