/**
 * The API key page in a real browser (Debian's chromium driven by playwright-core) against the
 * whole stack as `npm start` runs it. A screenshot of each page is written to tmp/screenshots/console/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';
import { StartedStack, startStack } from '@diallink/client/testing';
import { buildConsole } from '../build';
import { CONSOLE_HEADERS } from '../serving';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.resolve(__dirname, '../../../tmp/screenshots/console');
const KEY_NAME = 'Browser test key';

describe('the API key page in a browser', () => {
  let stack: StartedStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  const shoot = (name: string, on: Page = page) =>
    on.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const callApi = (key: string) => fetch(`${stack.origin}/v1/account-hub/users/me`, { headers: { 'X-API-KEY': key } });

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install it with \`apt-get update && apt-get install -y chromium\``);
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    await buildConsole();
    stack = await startStack();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.origin });
    page = await context.newPage();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 60_000);

  it('signs in with the keyboard, after telling a wrong password in words', async () => {
    const response = await page.goto(`${stack.origin}/console`);
    expect(page.url()).toBe(`${stack.origin}/console/`);
    expect(response?.headers()).toMatchObject(CONSOLE_HEADERS);
    await page.getByRole('heading', { name: 'Sign in to DialLink' }).waitFor();
    await shoot('1-sign-in');

    await page.getByLabel('Email').fill(stack.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe(
      'That email and password do not match an account.',
    );
    await shoot('2-sign-in-refused');

    // Keyboard only: the password field, the right password, Enter.
    await page.getByLabel('Password').focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(stack.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await expect(page.getByText(`Signed in as ${stack.email}`).isVisible()).resolves.toBe(true);
    await shoot('3-api-keys');
  });

  let key = '';

  it('adds a key: name, Generate, the full key shown once with Copy and the warning', async () => {
    await page.getByRole('button', { name: 'Add API key' }).click();
    // The name field has the focus as soon as the form is there: typing at once goes there, whole.
    await page.keyboard.type(KEY_NAME);
    await expect(page.getByLabel('Name').inputValue()).resolves.toBe(KEY_NAME);
    await shoot('4-add-key');
    await page.getByRole('button', { name: 'Generate' }).click();

    const field = page.getByLabel('API key', { exact: true });
    await field.waitFor();
    key = await field.inputValue();
    expect(key).toMatch(/^[0-9a-f-]{36}\+[0-9a-f-]{36}$/);
    await expect(page.getByRole('note').textContent()).resolves.toMatch(/you will not see it again/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(key);
    // The list below already has it, masked.
    await page.getByRole('row', { name: new RegExp(KEY_NAME) }).waitFor();
    await shoot('5-new-key');

    // The copied key calls the API.
    expect((await callApi(key)).status).toBe(200);

    await page.getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('row', { name: new RegExp(KEY_NAME) });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(`…${key.slice(-4)}`);
    await expect(row.textContent()).resolves.toContain('Enabled');
    // Shown once: the page holds the key nowhere any more.
    await expect(page.content()).resolves.not.toContain(key);
  });

  it('disables the key, and the API refuses it', async () => {
    await page.getByRole('button', { name: `Disable ${KEY_NAME}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${KEY_NAME} is disabled.` })
      .waitFor();
    await page
      .getByRole('row', { name: new RegExp(KEY_NAME) })
      .filter({ hasText: 'Disabled' })
      .waitFor();
    await shoot('6-key-disabled');
    const refused = await callApi(key);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ status: 401, error: 'UNAUTHORIZED' });
  });

  it('fits a phone-sized screen', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    try {
      await page.getByRole('row', { name: new RegExp(KEY_NAME) }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await shoot('7-api-keys-phone');
    } finally {
      await page.setViewportSize({ width: 1100, height: 800 });
    }
  });

  it('deletes the key after a confirmation, then signs out', async () => {
    await page.getByRole('button', { name: `Delete ${KEY_NAME}` }).click();
    const confirm = page.getByRole('group', { name: `Delete ${KEY_NAME}?` });
    await confirm.waitFor();
    await shoot('8-confirm-delete');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${KEY_NAME} is deleted.` })
      .waitFor();
    await page.getByRole('row', { name: new RegExp(KEY_NAME) }).waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    await shoot('9-signed-out');
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to DialLink' }).waitFor();
  });
});
