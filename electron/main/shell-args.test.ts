import { describe, expect, it } from 'vitest';
import { parseShellArgs } from './args.js';
import { externalUrlToOpen } from './navigation.js';

describe('shell arguments', () => {
  it('reads --config and --kiosk among Electron and Chromium arguments', () => {
    expect(parseShellArgs(['.', '--inspect=0', '--config', 'ops/warroom.yaml', '--kiosk'])).toEqual({ config: 'ops/warroom.yaml', kiosk: true, wall: false, listDisplays: false, errors: [] });
    expect(parseShellArgs(['--remote-debugging-port=0', '.', '--config=/etc/warroom.yaml'])).toEqual({ config: '/etc/warroom.yaml', kiosk: false, wall: false, listDisplays: false, errors: [] });
    expect(parseShellArgs(['.'])).toEqual({ kiosk: false, wall: false, listDisplays: false, errors: [] });
  });

  it('does not take the next flag as the config path', () => {
    expect(parseShellArgs(['--config', '--kiosk'])).toEqual({ kiosk: true, wall: false, listDisplays: false, errors: [] });
    expect(parseShellArgs(['--config='])).toEqual({ kiosk: false, wall: false, listDisplays: false, errors: [] });
  });

  it('reads --wall, --wall-display N and --list-displays; the wall is always a kiosk', () => {
    expect(parseShellArgs(['.', '--wall'])).toMatchObject({ wall: true, kiosk: true, errors: [] });
    expect(parseShellArgs(['.', '--wall-display', '2'])).toMatchObject({ wall: true, kiosk: true, wallDisplay: 2, errors: [] });
    expect(parseShellArgs(['--wall-display=3', '--config', 'w.yaml'])).toMatchObject({ wallDisplay: 3, config: 'w.yaml' });
    expect(parseShellArgs(['--list-displays'])).toMatchObject({ listDisplays: true, wall: false });
  });

  it('refuses a --wall-display that is not a display number, saying what it expects', () => {
    expect(parseShellArgs(['--wall-display', 'left']).errors).toEqual(['--wall-display expects a display number from 1 (see --list-displays), got "left"']);
    expect(parseShellArgs(['--wall-display', '0']).errors).toHaveLength(1);
    expect(parseShellArgs(['--wall-display']).errors).toEqual(['--wall-display expects a display number from 1 (see --list-displays), got nothing']);
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
