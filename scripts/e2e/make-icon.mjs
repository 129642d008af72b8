// Renders the extension icon (images/icon.svg → images/icon.png, 128x128) with headless chromium.
//
// The PNG is committed; run this again only after changing the SVG. Rendering through the same
// chromium the UI tests use avoids another image tool as a dependency.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launchBrowser } from './lib.mjs';

const svg = readFileSync(join(ROOT, 'images', 'icon.svg'), 'utf8');
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<!DOCTYPE html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: join(ROOT, 'images', 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
console.log('wrote images/icon.png');
