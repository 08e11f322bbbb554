/** The report's stylesheet, inlined into every HTML report: light, legible on screen and on paper. */
export const REPORT_CSS = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --pass: #1a7f37; --fail: #cf222e;
  --warn: #9a6700; --info: #0969da; --odd: #8250df; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 1240px; padding: 28px 32px 40px; color: var(--fg); background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.92em; word-break: break-all; }
h1 { font-size: 28px; margin: 2px 0 14px; }
h2 { font-size: 17px; margin: 0 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
section { margin: 26px 0 0; break-inside: avoid-page; }
.eyebrow { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: 0.08em; font-size: 12px; }
.muted { color: var(--muted); font-weight: normal; }
.note { color: var(--muted); font-size: 12.5px; margin: 6px 0 0; }
.outcome { display: flex; gap: 14px; align-items: center; padding: 12px 16px; border-radius: 8px; border: 2px solid var(--state); background: var(--state-bg); }
.outcome strong { font-size: 20px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--state); }
.outcome p { margin: 2px 0 0; }
.outcome .mark { flex: none; width: 42px; height: 42px; line-height: 42px; text-align: center; border-radius: 50%;
  font-size: 26px; font-weight: 700; color: #fff; background: var(--state); }
.state-passed { --state: var(--pass); --state-bg: #dafbe1; }
.state-failed { --state: var(--fail); --state-bg: #ffebe9; }
.state-aborted { --state: var(--warn); --state-bg: #fff8c5; }
.state-interrupted { --state: var(--odd); --state-bg: #fbefff; }
.state-running { --state: var(--info); --state-bg: #ddf4ff; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 8px 20px; margin: 0; }
.facts div { min-width: 0; }
.facts dt { color: var(--muted); font-size: 12px; }
.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.facts.small { margin-top: 14px; }
.facts.small dd { font-weight: normal; }
.tiles { display: grid; grid-template-columns: repeat(6, minmax(0, 1fr)); gap: 10px; margin-bottom: 14px; }
.tile { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; background: var(--soft); }
.tile span { display: block; color: var(--muted); font-size: 12px; }
.tile strong { font-size: 20px; font-variant-numeric: tabular-nums; white-space: nowrap; }
.tile.bad strong { color: var(--fail); }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { font-size: 12px; color: var(--muted); font-weight: 600; border-bottom: 2px solid var(--line); }
tfoot th, tfoot td { border-top: 2px solid var(--line); font-weight: 600; }
/* A wide table scrolls inside itself on a narrow screen instead of widening the page. */
.table-wrap { overflow-x: auto; }
.num { text-align: right; white-space: nowrap; }
td.endpoint, tfoot th { overflow-wrap: break-word; min-width: 9em; max-width: 280px; }
.codes span { white-space: nowrap; margin-right: 0.6em; }
.kinds, .codes { font-size: 12.5px; }
.kind { display: inline-block; padding: 0 6px; margin: 0 2px 2px 0; border-radius: 10px; background: #ffebe9; color: var(--fail); white-space: nowrap; }
tr.has-errors td.num:nth-child(10) { color: var(--fail); }
.verdicts { max-width: 820px; }
.verdict { font-weight: 700; white-space: nowrap; }
tr.pass .verdict { color: var(--pass); }
tr.fail .verdict { color: var(--fail); }
tr.fail { background: #fff5f5; }
tr.regression { background: #fff5f5; }
strong.fail { color: var(--fail); }
.charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 18px 24px; }
figure.chart { margin: 0; break-inside: avoid; }
figcaption { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 8px; margin-bottom: 4px; }
.chart-title { font-weight: 600; }
.unit { color: var(--muted); font-size: 12px; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 12px; margin: 0 0 0 auto; padding: 0; font-size: 12px; color: var(--muted); }
.legend li { display: flex; align-items: center; gap: 5px; }
figure.chart > svg { width: 100%; height: auto; display: block; overflow: visible; }
svg .grid { stroke: #eaeef2; stroke-width: 1; }
svg .axis { stroke: #8c959f; stroke-width: 1; }
svg .tick { fill: var(--muted); font-size: 11px; font-family: inherit; }
svg .marker { font-size: 11px; font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
svg .empty { fill: var(--muted); font-size: 14px; }
.suite-test { display: block; margin: 48px 0 0; padding-top: 18px; border-top: 4px solid var(--line); break-before: page; }
.suite-test__head h2 { font-size: 22px; border: 0; margin: 4px 0 10px; }
footer { margin-top: 32px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; }
@media (max-width: 900px) { .charts { grid-template-columns: 1fr; } .tiles { grid-template-columns: repeat(3, minmax(0, 1fr)); } }
@page { size: A4; margin: 14mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 11px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  /* One chart per row on paper: at half an A4 width the axis labels would be too small to read. */
  .charts { grid-template-columns: 1fr; }
  thead { display: table-header-group; }
  .table-wrap { overflow: visible; }
  tr { break-inside: avoid; }
}
`;
