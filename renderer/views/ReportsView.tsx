/**
 * Reports (#/reports): the day's stand-up notes (yesterday / today / blockers per person), the
 * end-of-day report the core generated from stored evidence (Generate, Send, its deliveries), past
 * reports, and the notification channels with a "Send test" each. Everything shown is what the core
 * stored or answered; the report is drawn from the same document model as its Markdown and HTML.
 */
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { RpcCallError } from '../../shared/contract/index.js';
import type { Channel, ChannelView, Delivery } from '../../shared/domain/notifications.js';
import type { ReportRecord, ReportSummary, StandupNote } from '../../shared/domain/reports.js';
import { eodFacts, eodSections } from '../../shared/format/eod-sections.js';
import type { Block } from '../../shared/format/eod-sections.js';
import type { WarroomClient } from '../api/client.js';
import { useClient } from '../api/client-context.js';
import { Icon } from '../components/common/Icon.js';
import { readOperatorName, rememberOperatorName, useOperatorName } from '../lib/operator-name.js';
import { useAppStore } from '../stores/store.js';

const message = (error: unknown) => (error instanceof RpcCallError ? error.message : String(error));

interface DayData {
  day: string;
  notes: StandupNote[];
  report: ReportRecord | null;
  reports: ReportSummary[];
  channels: ChannelView[];
}

/** The day's notes (default: the core's today), its report (or the one asked for), past reports and the channels. */
async function fetchDay(client: WarroomClient, day: string | null, shownId: number | null): Promise<DayData> {
  const standups = await client.call('standup.list', day ? { day } : {});
  const [report, reports, channels] = await Promise.all([
    shownId === null ? client.call('reports.get', { day: standups.day }) : client.call('reports.get', { reportId: shownId }),
    client.call('reports.list', { limit: 14 }),
    client.call('notify.channels', {}),
  ]);
  return { day: standups.day, notes: standups.notes, report, reports, channels: channels.channels };
}

export function ReportsView() {
  const client = useClient();
  const role = useAppStore((s) => s.connection.role);
  const rev = useAppStore((s) => s.reportsRev);
  const [day, setDay] = useState<string | null>(null);
  const [data, setData] = useState<DayData | null>(null);
  const [shownId, setShownId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Bumped after this screen's own changes; events bump `rev` for everyone else's.
  const [reloads, setReloads] = useState(0);
  const reload = () => setReloads((n) => n + 1);

  useEffect(() => {
    let current = true;
    fetchDay(client, day, shownId).then(
      (loaded) => {
        if (!current) return;
        setData(loaded);
        setError(null);
      },
      (caught: unknown) => {
        if (current) setError(message(caught));
      },
    );
    return () => {
      current = false;
    };
  }, [client, day, shownId, rev, reloads]);

  const operator = role === 'operator';
  return (
    <section className="view reports-view" data-testid="view-reports">
      <h2 className="view__title">Reports</h2>
      {error && (
        <p className="form-error" role="alert" data-testid="reports-error">
          <Icon name="warning" /> {error}
        </p>
      )}
      <div className="reports-view__day">
        <label className="field">
          <span className="field__label">Day</span>
          <input
            className="input"
            type="date"
            value={data?.day ?? ''}
            onChange={(e) => {
              setShownId(null);
              setDay(e.target.value || null);
            }}
            data-testid="reports-day"
          />
        </label>
      </div>
      <div className="reports-view__columns">
        <div className="reports-view__column">
          <section className="panel" data-testid="standup-panel">
            <h3 className="panel__title">Stand-up {data ? `· ${data.day}` : ''}</h3>
            {operator && data && <StandupForm day={data.day} onAdded={reload} />}
            <StandupNotes notes={data?.notes ?? []} />
          </section>
          <ChannelsPanel channels={data?.channels ?? []} operator={operator} onChanged={reload} />
        </div>
        <div className="reports-view__column reports-view__column--wide">
          <ReportPanel
            day={data?.day ?? null}
            report={data?.report ?? null}
            operator={operator}
            onChanged={(report) => {
              setShownId(report.id);
              reload();
            }}
          />
          <PastReports reports={data?.reports ?? []} shownId={data?.report?.id ?? null} onOpen={(id) => setShownId(id)} />
        </div>
      </div>
    </section>
  );
}

function StandupForm({ day, onAdded }: { day: string; onAdded: () => void }) {
  const client = useClient();
  const [person, setPerson] = useState(readOperatorName);
  const [yesterday, setYesterday] = useState('');
  const [today, setToday] = useState('');
  const [blockers, setBlockers] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await client.call('standup.add', { day, person, yesterday, today, blockers, by: readOperatorName() || person });
      setYesterday('');
      setToday('');
      setBlockers('');
      if (!readOperatorName()) rememberOperatorName(person);
      onAdded();
    } catch (caught) {
      setError(message(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="standup-form" data-testid="standup-form" onSubmit={(e) => void submit(e)}>
      <label className="field">
        <span className="field__label">Person</span>
        <input className="input" value={person} maxLength={60} onChange={(e) => setPerson(e.target.value)} data-testid="standup-person" />
      </label>
      <label className="field">
        <span className="field__label">Yesterday</span>
        <textarea className="input" rows={2} value={yesterday} onChange={(e) => setYesterday(e.target.value)} data-testid="standup-yesterday" />
      </label>
      <label className="field">
        <span className="field__label">Today</span>
        <textarea className="input" rows={2} value={today} onChange={(e) => setToday(e.target.value)} data-testid="standup-today" />
      </label>
      <label className="field">
        <span className="field__label">Blockers</span>
        <textarea className="input" rows={2} value={blockers} onChange={(e) => setBlockers(e.target.value)} data-testid="standup-blockers" />
      </label>
      {error && (
        <p className="form-error" role="alert" data-testid="standup-error">
          {error}
        </p>
      )}
      <div className="button-row">
        <button className="button button--primary" type="submit" disabled={busy || person.trim() === ''} data-testid="standup-add">
          Add note
        </button>
      </div>
    </form>
  );
}

function StandupNotes({ notes }: { notes: StandupNote[] }) {
  if (notes.length === 0) return <p className="muted" data-testid="standup-empty">No stand-up notes for this day yet.</p>;
  return (
    <ul className="standup-notes" data-testid="standup-notes">
      {notes.map((note) => (
        <li key={note.id} className="standup-note" data-testid="standup-note">
          <strong>{note.person}</strong>
          <dl>
            <dt>Yesterday</dt>
            <dd>{note.yesterday || '—'}</dd>
            <dt>Today</dt>
            <dd>{note.today || '—'}</dd>
            <dt>Blockers</dt>
            <dd className={note.blockers ? 'standup-note__blocker' : undefined}>
              {note.blockers ? (
                <>
                  <Icon name="flag" /> {note.blockers}
                </>
              ) : (
                '—'
              )}
            </dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}

const DELIVERY_WORDS: Record<ReportRecord['delivery'], string> = { unsent: 'Not sent', sent: 'Sent', partial: 'Partly sent', failed: 'Not delivered' };

function ReportPanel({ day, report, operator, onChanged }: { day: string | null; report: ReportRecord | null; operator: boolean; onChanged: (report: ReportRecord) => void }) {
  const client = useClient();
  const by = useOperatorName();
  const [busy, setBusy] = useState<'generate' | 'send' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = async (what: 'generate' | 'send') => {
    if (!day) return;
    setBusy(what);
    setError(null);
    try {
      const name = by || 'operator';
      onChanged(what === 'generate' ? await client.call('reports.generate', { day, by: name }) : await client.call('reports.send', { reportId: report!.id, by: name }));
    } catch (caught) {
      setError(message(caught));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="panel eod-panel" data-testid="eod-panel">
      <h3 className="panel__title">End-of-day report</h3>
      {operator && (
        <div className="button-row">
          <button className="button button--primary" type="button" disabled={!day || busy !== null} onClick={() => void act('generate')} data-testid="eod-generate">
            <Icon name="reload" /> Generate
          </button>
          <button className="button" type="button" disabled={!report || busy !== null} onClick={() => void act('send')} data-testid="eod-send">
            <Icon name="bell" /> Send
          </button>
          {busy && <span className="muted">{busy === 'generate' ? 'Generating…' : 'Sending…'}</span>}
        </div>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="eod-error">
          {error}
        </p>
      )}
      {report ? (
        <>
          <p className={`eod-delivery eod-delivery--${report.delivery}`} data-testid="eod-delivery">
            <Icon name={report.delivery === 'sent' ? 'check' : report.delivery === 'unsent' ? 'pending' : 'warning'} />
            {DELIVERY_WORDS[report.delivery]} · report #{report.id}, generated {new Date(report.generatedAt).toLocaleString()} by {report.by}
          </p>
          {report.deliveries.length > 0 && <Deliveries deliveries={report.deliveries} />}
          <ReportDocument report={report} />
        </>
      ) : (
        <p className="muted" data-testid="eod-none">
          No report for {day ?? 'this day'} yet{operator ? ': Generate makes one from the day’s stored evidence.' : '.'}
        </p>
      )}
    </section>
  );
}

function Deliveries({ deliveries }: { deliveries: Delivery[] }) {
  return (
    <ul className="deliveries" data-testid="eod-deliveries">
      {deliveries.map((d) => (
        <li key={d.id} className={`delivery delivery--${d.state}`} data-testid="eod-delivery-row">
          <Icon name={d.state === 'sent' ? 'check' : 'cross'} /> {d.channel}: {d.state === 'sent' ? 'sent' : 'failed'} at {new Date(d.at).toLocaleTimeString()}
          {d.detail ? ` — ${d.detail}` : ''}
        </li>
      ))}
    </ul>
  );
}

function ReportDocument({ report }: { report: ReportRecord }) {
  return (
    <article className="eod-document" data-testid="eod-document">
      <h1>{report.content.title}</h1>
      <dl className="eod-document__facts">
        {eodFacts(report.content).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {eodSections(report.content).map((section) => (
        <section key={section.title} data-testid={`eod-section-${section.title.toLowerCase().replace(/[^a-z]+/g, '-')}`}>
          <h2>{section.title}</h2>
          {section.blocks.map((block, i) => (
            <DocBlock key={i} block={block} />
          ))}
        </section>
      ))}
    </article>
  );
}

function DocBlock({ block }: { block: Block }) {
  switch (block.kind) {
    case 'paragraph':
      return <p>{block.text}</p>;
    case 'list':
      return (
        <ul>
          {block.items.map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </ul>
      );
    case 'table':
      return (
        <table className="eod-table">
          <thead>
            <tr>
              {block.head.map((h) => (
                <th key={h}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {block.rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (
                  <td key={j}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
  }
}

function PastReports({ reports, shownId, onOpen }: { reports: ReportSummary[]; shownId: number | null; onOpen: (id: number) => void }) {
  if (reports.length === 0) return null;
  return (
    <section className="panel" data-testid="past-reports">
      <h3 className="panel__title">Past reports</h3>
      <ul className="past-reports">
        {reports.map((r) => (
          <li key={r.id}>
            <button type="button" className={`link-button${r.id === shownId ? ' link-button--current' : ''}`} onClick={() => onOpen(r.id)} data-testid={`past-report-${r.id}`}>
              {r.day} · #{r.id} · {DELIVERY_WORDS[r.delivery]}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

const CHANNEL_LABELS: Record<Channel, string> = { webhook: 'Slack webhook', email: 'Email (SMTP)', pagerduty: 'PagerDuty' };

function ChannelsPanel({ channels, operator, onChanged }: { channels: ChannelView[]; operator: boolean; onChanged: () => void }) {
  const client = useClient();
  const by = useOperatorName();
  const [busy, setBusy] = useState<Channel | null>(null);
  const [results, setResults] = useState<Partial<Record<Channel, string>>>({});
  const test = async (channel: Channel) => {
    setBusy(channel);
    try {
      const delivery = await client.call('notify.test', { channel, by: by || 'operator' });
      setResults((r) => ({ ...r, [channel]: delivery.state === 'sent' ? `Test sent${delivery.detail ? ` (${delivery.detail})` : ''}` : `Test failed: ${delivery.detail ?? 'no reason given'}` }));
      onChanged();
    } catch (caught) {
      setResults((r) => ({ ...r, [channel]: `Not sent: ${message(caught)}` }));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="panel" data-testid="channels-panel">
      <h3 className="panel__title">Notification channels</h3>
      <ul className="channels">
        {channels.map((c) => {
          const ready = c.configured && c.secretSet;
          return (
            <li key={c.channel} className={`channel channel--${ready ? 'ready' : c.configured ? 'missing' : 'off'}`} data-testid={`channel-${c.channel}`}>
              <div className="channel__head">
                <Icon name={ready ? 'check' : c.configured ? 'warning' : 'pending'} />
                <strong>{CHANNEL_LABELS[c.channel]}</strong>
                <span className="muted">{!c.configured ? 'not configured' : c.secretSet ? `ready${c.target ? ` → ${c.target}` : ''}` : `${c.secretEnv} is not set`}</span>
              </div>
              {c.lastDelivery && (
                <div className="muted channel__last">
                  Last: {c.lastDelivery.kind} {c.lastDelivery.state} at {new Date(c.lastDelivery.at).toLocaleString()}
                </div>
              )}
              {operator && c.configured && (
                <button className="button button--small" type="button" disabled={busy !== null || !c.secretSet} onClick={() => void test(c.channel)} data-testid={`channel-test-${c.channel}`}>
                  Send test
                </button>
              )}
              {results[c.channel] && (
                <div className="channel__result" role="status" data-testid={`channel-result-${c.channel}`}>
                  {results[c.channel]}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
