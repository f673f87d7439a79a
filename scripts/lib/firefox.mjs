// Launches Debian's firefox-esr through puppeteer-core (WebDriver BiDi) with
// the built extension installed as a temporary add-on.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

export function firefoxPath() {
  for (const p of [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox']) if (p && existsSync(p)) return p;
  throw new Error('Firefox not found: apt-get install firefox-esr');
}

export async function launchFirefox(extDir, { headed = false } = {}) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'certscope-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: !headed,
    userDataDir: profile,
    extraPrefsFirefox: {
      // No updates, telemetry or remote settings: the test must make no
      // request off the machine.
      'app.update.enabled': false,
      'extensions.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
    },
  });
  const id = await browser.installExtension(extDir);
  return {
    browser,
    id,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
