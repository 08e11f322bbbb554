/** The theme's colours for canvas drawing: a canvas cannot read CSS variables, so these mirror warroom.css. */
export const COLORS = {
  ok: '#3ddc84',
  warn: '#ffb224',
  bad: '#ff5c61',
  unknown: '#a3afc2',
  accent: '#5fb0ff',
  muted: '#9eabbd',
  line: '#2a3546',
  text: '#eef2f7',
  bg: '#0a0d12',
  p95: '#c49bff',
} as const;

export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
