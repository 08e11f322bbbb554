import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { startSmtpSink } from '../../electron/core/notifications/testing/local-receivers.js';
import type { SmtpSink } from '../../electron/core/notifications/testing/local-receivers.js';
import { renderApp } from '../testing/render-app.js';
import { startTestCore } from '../testing/test-core.js';
import type { TestCore } from '../testing/test-core.js';
import { cleanupAfterEach } from '../testing/cleanup-after-each.js';

const cleanups = cleanupAfterEach();

/** Production mails through a real SMTP server; its webhook is configured but its variable is not set. */
async function openReports(): Promise<{ core: TestCore; smtp: SmtpSink }> {
  const smtp = await startSmtpSink();
  cleanups.push(() => smtp.close());
  const core = startTestCore({
    productionExtra: ', webhook: { urlEnv: HOOK_URL }, email: { urlEnv: SMTP_URL, from: warroom@example.com, to: [ops@example.com] }',
    core: { env: { SMTP_URL: smtp.url() } },
  });
  cleanups.push(() => core.close());
  cleanups.push(renderApp(core, '#/reports').stop);
  await screen.findByTestId('standup-form');
  return { core, smtp };
}

describe('Reports view', () => {
  it('adds stand-up notes, generates the end-of-day report from stored evidence and sends it, saying which channel failed and why', async () => {
    const { core, smtp } = await openReports();
    fireEvent.change(screen.getByTestId('standup-person'), { target: { value: 'Ana' } });
    fireEvent.change(screen.getByTestId('standup-today'), { target: { value: 'peak load test' } });
    fireEvent.change(screen.getByTestId('standup-blockers'), { target: { value: 'staging DB <locked>' } });
    fireEvent.click(screen.getByTestId('standup-add'));
    await waitFor(() => expect(screen.getAllByTestId('standup-note')).toHaveLength(1));
    // A note from another screen arrives by its event.
    await act(() => core.connect('operator').call('standup.add', { person: 'Bo', yesterday: 'rollback drill' }));
    await waitFor(() => expect(screen.getAllByTestId('standup-note').map((n) => n.querySelector('strong')?.textContent)).toEqual(['Ana', 'Bo']));

    expect(screen.getByTestId('eod-none').textContent).toContain('Generate makes one');
    fireEvent.click(screen.getByTestId('eod-generate'));
    const doc = await screen.findByTestId('eod-document');
    expect(within(doc).getByRole('heading', { level: 1 }).textContent).toMatch(/^Checkout v2 launch: end of day \d{4}-\d{2}-\d{2}$/);
    expect(within(screen.getByTestId('eod-section-tasks')).getByText('No plan imported: no tasks to report.')).toBeTruthy();
    expect(within(screen.getByTestId('eod-section-blockers')).getByText('Ana: staging DB <locked>')).toBeTruthy();
    expect(screen.getByTestId('eod-delivery').textContent).toContain('Not sent');

    fireEvent.click(screen.getByTestId('eod-send'));
    // An SMTP exchange on a loaded machine can take seconds.
    await waitFor(() => expect(screen.getAllByTestId('eod-delivery-row')).toHaveLength(2), { timeout: 20_000 });
    const rows = screen.getAllByTestId('eod-delivery-row').map((r) => r.textContent);
    expect(rows[0]).toMatch(/webhook: failed at .* — webhook of production: HOOK_URL is not set in the environment/);
    expect(rows[1]).toMatch(/email: sent at .* — 250/);
    expect(screen.getByTestId('eod-delivery').textContent).toContain('Partly sent');
    expect((await smtp.waitFor(1))[0]!.raw).toContain('Subject: Checkout v2 launch: end of day');
  });

  it('shows each channel’s state and sends a test through email', async () => {
    const { smtp } = await openReports();
    const email = await screen.findByTestId('channel-email');
    expect(email.textContent).toContain('ready → ops@example.com');
    expect(screen.getByTestId('channel-webhook').textContent).toContain('HOOK_URL is not set');
    expect(screen.getByTestId('channel-pagerduty').textContent).toContain('not configured');
    expect(screen.queryByTestId('channel-test-pagerduty')).toBeNull();
    expect(screen.getByTestId('channel-test-webhook')).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByTestId('channel-test-email'));
    await waitFor(() => expect(screen.getByTestId('channel-result-email').textContent).toMatch(/^Test sent \(250/), { timeout: 20_000 });
    expect((await smtp.waitFor(1))[0]!.raw).toContain('Subject: Warroom test notification (production)');
    await waitFor(() => expect(screen.getByTestId('channel-email').textContent).toContain('Last: test sent'));
  });
});
