// Launches Debian's firefox-esr through puppeteer-core (WebDriver BiDi) with
// the built extension installed as a temporary add-on. Which Firefox
// (current ESR or the oldest the manifest allows) is CERTSCOPE_BROWSER's
// choice, see browsers.mjs.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { browserPath, label } from './browsers.mjs';

export const firefoxPath = () => browserPath('firefox');
// firefoxLabel names the build under test, e.g. "Firefox 140.12.0esr (oldest)".
export const firefoxLabel = () => label('firefox');

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
