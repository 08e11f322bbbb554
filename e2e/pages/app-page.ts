/** Locators and moves of the Warroom UI, so specs read as what a user does. */
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

export const VIEWS = ['board', 'meeting', 'health', 'load', 'security', 'alerts', 'actions', 'drills', 'log', 'rehearsal'] as const;
export type View = (typeof VIEWS)[number];

export class AppPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.waitReady();
  }

  async waitReady(): Promise<void> {
    await expect(this.page.locator('html')).toHaveAttribute('data-app-state', 'ready');
  }

  nav(view: View): Locator {
    return this.page.getByTestId(`nav-${view}`);
  }

  view(view: View): Locator {
    return this.page.getByTestId(`view-${view}`);
  }

  async goTo(view: View): Promise<void> {
    await this.nav(view).click();
    await expect(this.view(view)).toBeVisible();
  }

  serviceTiles(): Locator {
    return this.page.locator('[data-testid^="service-tile-"]');
  }

  indicator(): Locator {
    return this.page.getByTestId('connection-indicator');
  }

  roleBadge(): Locator {
    return this.page.getByTestId('role-badge');
  }

  journalEntries(): Locator {
    return this.page.getByTestId('journal-entry');
  }

  async addNote(author: string, text: string): Promise<void> {
    await this.page.getByTestId('journal-author').fill(author);
    await this.page.getByTestId('journal-text').fill(text);
    await this.page.getByTestId('journal-submit').click();
  }

  /** Calls a command from inside the page, as a hostile or curious script in the tab could. */
  rpcFromPage(name: string, body: unknown, token?: string): Promise<{ status: number; body: { ok: boolean; error?: { code: string } } }> {
    return this.page.evaluate(
      async ({ name, body, token }) => {
        const response = await fetch(`/rpc/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as { ok: boolean; error?: { code: string } } };
      },
      { name, body, token },
    );
  }
}
