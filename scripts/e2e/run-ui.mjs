// Uses the packaged .vsix as a person would: installs it into code-server, then drives the editor with the keyboard.
//
// Each check takes a screenshot of what a user would see. They go to test-results/e2e/screenshots, or
// to docs/screenshots (committed) when run with --docs-screenshots, so that an ordinary run does not
// leave the documentation's pictures modified in the work tree.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CODE_SERVER_ENTRY, NODE24, ROOT, copyFixture, editorEnv, findVsix, freePort, launchBrowser, poll,
  requireInstalled, run, startGroup, summary, tempDir, waitForHttp, isMain } from './lib.mjs';

const STATUS_SELECTION = '#status\\.editor\\.selection';
const STATUS_MODE = '#status\\.editor\\.mode';
const QUICK_INPUT_FOCUSED_ROW = '.quick-input-widget .monaco-list-row.focused';

/** One-based line and column of `needle` (plus an offset into it) in a fixture file, read from disk. */
function lineColumnOf(workspace, relativePath, needle, offsetInNeedle = 0) {
  const lines = readFileSync(join(workspace, relativePath), 'utf8').split('\n');
  const hits = lines.flatMap((line, i) => (line.includes(needle) ? [i] : []));
  if (hits.length !== 1) throw new Error(`expected exactly one line with ${needle} in ${relativePath}, found ${hits.length}`);
  return { line: hits[0] + 1, column: lines[hits[0]].indexOf(needle) + 1 + offsetInNeedle };
}

export async function runUi({ log = console.log, docsScreenshots = false, only = '' } = {}) {
  requireInstalled();
  const vsix = findVsix();
  if (!vsix) throw new Error('no django-mtv-*.vsix in the project root: run npm run package first');
  const shotsDir = docsScreenshots ? join(ROOT, 'docs', 'screenshots') : join(ROOT, 'test-results', 'e2e', 'screenshots');
  mkdirSync(shotsDir, { recursive: true });

  const workspace = copyFixture();
  const dataDir = tempDir('code-server');
  const userData = join(dataDir, 'data');
  const extensions = join(dataDir, 'ext');
  const env = editorEnv();
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'chat.disableAIFeatures': true,
    'security.workspace.trust.enabled': false,
    'workbench.tips.enabled': false,
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'editor.minimap.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    // Lets a developer prove a check can fail, e.g. {"emmet.showExpandedAbbreviation": "never"}.
    ...JSON.parse(process.env.DJANGO_MTV_E2E_USER_SETTINGS ?? '{}'),
  }, null, 2));

  // Installing before the server starts is what makes code-server activate the extension.
  const started = Date.now();
  const install = await run(NODE24, [CODE_SERVER_ENTRY, '--user-data-dir', userData, '--extensions-dir', extensions,
    '--install-extension', vsix], { env, timeout: 60_000 });
  if (install.code !== 0 || !/successfully installed/i.test(install.output)) {
    throw new Error(`installing ${vsix} failed:\n${install.output}`);
  }
  log(`[ui] installed ${vsix.slice(ROOT.length + 1)} in ${Date.now() - started} ms`);

  const port = await freePort();
  const server = startGroup(NODE24, [CODE_SERVER_ENTRY, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--reconnection-grace-time', '5',
    '--user-data-dir', userData, '--extensions-dir', extensions, workspace],
  { env, logFile: join(ROOT, 'test-results', 'e2e', 'ui-code-server.log') });

  let browser;
  let passed = 0;
  let failed = 0;
  let page;
  let shot = 0;
  const screenshot = async (name) => {
    shot++;
    await page.screenshot({ path: join(shotsDir, `${String(shot).padStart(2, '0')}-${name}.png`) });
  };
  /** Runs one user-visible check; a failure is recorded with a screenshot and the next check still runs. */
  const check = async (name, body) => {
    if (only && !name.includes(only)) return;
    const t0 = Date.now();
    try {
      await body();
      passed++;
      log(`PASS ui: ${name} (${Date.now() - t0} ms)`);
    } catch (error) {
      failed++;
      log(`FAIL ui: ${name}\n  ${String(error.message ?? error).split('\n').join('\n  ')}`);
      await page.screenshot({ path: join(ROOT, 'test-results', 'e2e', `ui-failure-${name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
      await page.keyboard.press('Escape').catch(() => {});
    }
  };

  const statusText = async (selector) => (await page.locator(selector).first().textContent({ timeout: 1000 }).catch(() => '')) ?? '';
  const activeTab = async () => (await page.locator('.tabs-container .tab.active').first().getAttribute('aria-label', { timeout: 1000 }).catch(() => '')) ?? '';

  /** Ctrl+P, type the file name, wait for the matching row to be focused, Enter, wait for its tab. */
  const openFile = async (relativePath) => {
    const name = relativePath.split('/').pop();
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type(relativePath);
    await poll(async () => ((await page.locator(QUICK_INPUT_FOCUSED_ROW).first().getAttribute('aria-label', { timeout: 500 })) ?? '').includes(name),
      { timeout: 15_000, what: `the quick-open row for ${relativePath}` });
    await page.keyboard.press('Enter');
    await poll(async () => (await activeTab()).startsWith(name), { timeout: 10_000, what: `the ${name} tab` });
    await poll(async () => /Ln \d+, Col \d+/.test(await statusText(STATUS_SELECTION)), { timeout: 10_000, what: 'the cursor position in the status bar' });
  };

  /** Ctrl+G line:column, then waits until the status bar shows the cursor there. */
  const goTo = async (line, column) => {
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type(`${line}:${column}`);
    await page.keyboard.press('Enter');
    // When the cursor was already there the status bar proves nothing: wait for the box to close too, or
    // the next key (an Enter typed into the editor) goes to the closing box instead.
    await page.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: 10_000 });
    await poll(async () => (await statusText(STATUS_SELECTION)).startsWith(`Ln ${line}, Col ${column}`),
      { timeout: 10_000, what: `the cursor at Ln ${line}, Col ${column}` });
  };

  /** Ctrl+K M, pick the language, and wait for the status bar to show it. */
  const setLanguage = async (filter, label) => {
    await page.keyboard.press('Control+K');
    await page.keyboard.press('M');
    await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type(filter);
    await poll(async () => ((await page.locator(QUICK_INPUT_FOCUSED_ROW).first().getAttribute('aria-label', { timeout: 500 })) ?? '').startsWith(label),
      { timeout: 10_000, what: `the ${label} row in the language picker` });
    await page.keyboard.press('Enter');
    await poll(async () => (await statusText(STATUS_MODE)).trim() === label, { timeout: 10_000, what: `language mode ${label}` });
  };

  /** The editor's visible text, with the non-breaking spaces Monaco renders turned back into spaces. */
  // Monaco positions its line elements absolutely and may keep them out of document order, so they
  // are sorted by their vertical position before joining.
  const editorText = async () => page.locator('.editor-instance .view-lines').first().evaluate((element) => [...element.querySelectorAll('.view-line')]
    .map((line) => ({ top: parseFloat(line.style.top) || 0, text: (line.textContent ?? '').replace(/\u00a0/g, ' ') }))
    .sort((a, b) => a.top - b.top)
    .map((line) => line.text)
    .join('\n'), undefined, { timeout: 1000 });

  try {
    await waitForHttp(port, { server });
    log(`[ui] code-server up on ${port} after ${Date.now() - started} ms`);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1024, height: 640 } });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.monaco-workbench .part.sidebar').first().waitFor({ state: 'visible', timeout: 60_000 });

    const template = 'polls/templates/polls/index.html';
    const from = lineColumnOf(workspace, template, "'polls:detail'", "'polls:de".length);
    const target = lineColumnOf(workspace, 'polls/urls.py', 'name="detail"');

    await check('F12 on a {% url %} name opens polls/urls.py at its path()', async () => {
      await openFile(template);
      await goTo(from.line, from.column);
      await screenshot('template-cursor-on-url-name');
      // The server indexes the workspace after activation; until then F12 finds nothing, so retry.
      await poll(async () => {
        // A jump that answered just after the previous attempt gave up has still landed.
        if ((await activeTab()).startsWith('urls.py')) return true;
        if (!(await activeTab()).startsWith('index.html')) return false;
        await page.keyboard.press('F12');
        return poll(async () => (await activeTab()).startsWith('urls.py'), { timeout: 3000, what: 'urls.py' }).catch(() => {
          return page.keyboard.press('Escape').then(() => false);
        });
      }, { timeout: 45_000, interval: 200, what: 'F12 to open urls.py' });
      await poll(async () => (await statusText(STATUS_SELECTION)).startsWith(`Ln ${target.line},`),
        { timeout: 10_000, what: `the cursor on line ${target.line} of urls.py (status bar: ${await statusText(STATUS_SELECTION)})` });
      await screenshot('f12-landed-in-urls-py');
    });

    await check('the Problems panel lists the planted broken URL name', async () => {
      await openFile('polls/templates/polls/results.html');
      await page.keyboard.press('Control+Shift+M');
      const panel = page.locator('.markers-panel');
      await panel.first().waitFor({ state: 'visible', timeout: 10_000 });
      await poll(async () => {
        const text = await panel.first().innerText({ timeout: 1000 });
        return text.includes('results.html') && text.includes('url-name-unknown');
      }, { timeout: 30_000, what: 'results.html with url-name-unknown in the Problems panel' });
      await screenshot('problems-panel-broken-url');
      await page.keyboard.press('Control+Shift+M');
    });

    const block = '{% block content %}';
    const blockLine = lineColumnOf(workspace, 'polls/templates/polls/empty.html', block);
    for (const [filter, label, name] of [['html', 'HTML', 'html'], ['django-html', 'Django HTML', 'django-html']]) {
      await check(`Emmet ul>li*2 then Tab expands in a template whose language is ${name}`, async () => {
        await openFile('polls/templates/polls/empty.html');
        await setLanguage(filter, label);
        try {
          await goTo(blockLine.line, blockLine.column + block.length);
          await page.keyboard.press('Enter');
          await page.keyboard.type('ul>li*2');
          // A person sees Emmet's suggestion before pressing Tab; wait for it, but press Tab even if
          // it never comes, since the expansion is what counts.
          await poll(async () => /emmet/i.test(await page.locator('.suggest-widget.visible').first().innerText({ timeout: 500 })),
            { timeout: 5000, what: 'the Emmet suggestion' }).catch(() => log(`  (no Emmet suggestion was shown in ${name})`));
          await page.keyboard.press('Tab');
          await poll(async () => {
            const text = await editorText();
            return /<ul>\s*<li><\/li>\s*<li><\/li>\s*<\/ul>/.test(text) && !text.includes('ul>li*2');
          }, { timeout: 10_000, what: `the expansion in ${name}` }).catch(async (error) => {
            throw new Error(`${error.message}; the editor shows ${JSON.stringify(await editorText().catch(() => ''))}`);
          });
          await screenshot(`emmet-expanded-${name}`);
        } finally {
          // Undo until the file is as it was, so the next language starts from the same text.
          await page.keyboard.press('Escape');
          await poll(async () => {
            const text = await editorText();
            if (!text.includes('<ul>') && !text.includes('ul>li')) return true;
            await page.keyboard.press('Control+Z');
            return false;
          }, { timeout: 10_000, what: 'undo of the expansion' });
        }
      });
    }
    // The editor-feature checks below name their pictures themselves, so that `--only` cannot renumber them.
    const namedScreenshot = async (fileName) => page.screenshot({ path: join(shotsDir, `${fileName}.png`) });
    const suggestText = async () => (await page.locator('.suggest-widget.visible').first().innerText({ timeout: 500 }).catch(() => '')) ?? '';
    const hoverTexts = async () => (await page.locator('.monaco-hover').allInnerTexts().catch(() => [])).join('\n');
    /** Ctrl+Shift+P, type a command's title, wait for its row to be focused, Enter. */
    const runCommand = async (title) => {
      await page.keyboard.press('Control+Shift+P');
      await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.type(title);
      await poll(async () => ((await page.locator(QUICK_INPUT_FOCUSED_ROW).first().getAttribute('aria-label', { timeout: 500 })) ?? '').includes(title),
        { timeout: 15_000, what: `the command palette row ${title}` });
      await page.keyboard.press('Enter');
    };

    // The Problems panel left open by the check above would take half of the editor in the pictures below.
    if (await page.locator('.part.panel').first().isVisible().catch(() => false)) {
      await page.keyboard.press('Control+J');
      await page.locator('.part.panel').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => log('  (the panel stayed open)'));
    }

    await check("completion after {% url ' lists polls:detail", async () => {
      await openFile('polls/templates/polls/empty.html');
      try {
        await goTo(blockLine.line, blockLine.column + block.length);
        await page.keyboard.press('Enter');
        await page.keyboard.type("{% url '");
        // The quote is a trigger character, so the list opens by itself; Ctrl+Space asks again if the
        // server was still indexing when it first asked.
        await poll(async () => {
          if ((await suggestText()).includes('polls:detail')) return true;
          await page.keyboard.press('Control+Space');
          return poll(async () => (await suggestText()).includes('polls:detail'), { timeout: 3000, what: 'polls:detail' }).catch(() => false);
        }, { timeout: 30_000, interval: 200, what: 'polls:detail in the suggest widget' }).catch(async (error) => {
          throw new Error(`${error.message}; the suggest widget shows ${JSON.stringify(await suggestText())}, the editor ${JSON.stringify(await editorText().catch(() => ''))}`);
        });
        await namedScreenshot('06-completion');
      } finally {
        await page.keyboard.press('Escape');
        await poll(async () => {
          if (!(await editorText()).includes('{% url')) return true;
          await page.keyboard.press('Control+Z');
          return false;
        }, { timeout: 10_000, what: 'undo of the typed {% url' });
      }
    });

    await check('hover on a {% url %} name shows its route', async () => {
      await openFile(template);
      await goTo(from.line, from.column);
      await poll(async () => {
        if ((await hoverTexts()).includes('/polls/<int:question_id>/')) return true;
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I');
        return poll(async () => (await hoverTexts()).includes('/polls/<int:question_id>/'), { timeout: 3000, what: 'the route' }).catch(() => false);
      }, { timeout: 30_000, interval: 200, what: 'a hover showing /polls/<int:question_id>/' }).catch(async (error) => {
        throw new Error(`${error.message}; hovers show ${JSON.stringify(await hoverTexts())}`);
      });
      await namedScreenshot('07-hover');
      await page.keyboard.press('Escape');
    });

    await check('"Django: Go to URL…" with /polls/5/ opens the detail view in polls/views.py', async () => {
      const view = lineColumnOf(workspace, 'polls/views.py', 'def detail(');
      await openFile(template);
      await runCommand('Django: Go to URL');
      await poll(async () => /Go to URL/.test((await page.locator('.quick-input-widget .quick-input-title').first().textContent({ timeout: 500 })) ?? ''),
        { timeout: 10_000, what: 'the "Django: Go to URL" input box' });
      await page.keyboard.type('/polls/5/');
      await page.keyboard.press('Enter');
      await poll(async () => (await activeTab()).startsWith('views.py'), { timeout: 15_000, what: `the views.py tab (active: ${await activeTab()})` });
      await poll(async () => (await statusText(STATUS_SELECTION)).startsWith(`Ln ${view.line},`),
        { timeout: 10_000, what: `the cursor on line ${view.line} of views.py, def detail (status bar: ${await statusText(STATUS_SELECTION)})` });
      // The command also says in the status bar which pattern matched.
      await poll(async () => (await page.locator('.part.statusbar').first().innerText({ timeout: 500 })).includes('polls:detail'),
        { timeout: 10_000, what: 'the matched polls:detail in the status bar' });
      // Without the side bar the picture shows the whole view and the status bar message, at a smaller size.
      await page.keyboard.press('Control+B');
      await page.locator('.part.sidebar').first().waitFor({ state: 'hidden', timeout: 10_000 });
      await namedScreenshot('08-go-to-url');
      await page.keyboard.press('Control+B');
      await page.locator('.part.sidebar').first().waitFor({ state: 'visible', timeout: 10_000 });
    });

    await check('the Django explorer view lists the polls URLs, their views and templates', async () => {
      // A user opens the explorer (Ctrl+Shift+E) and clicks the "Django" section's header; it appears
      // once the server has found a project, so the click is retried until the section is open.
      await page.keyboard.press('Control+Shift+E');
      const header = page.locator('.pane-header', { hasText: /^\s*Django\s*$/i }).first();
      await poll(async () => {
        if (!(await header.isVisible())) return false;
        if ((await header.getAttribute('aria-expanded', { timeout: 500 })) === 'true') return true;
        await header.click({ timeout: 1000 });
        return false;
      }, { timeout: 30_000, interval: 300, what: 'the Django section of the explorer, open' });
      const pane = page.locator('.pane', { has: header }).first();
      // The file tree above it is folded so that the Django section gets the height of the side bar.
      const folders = page.locator('.pane-header', { hasText: /^\s*mysite\s*$/i }).first();
      if ((await folders.getAttribute('aria-expanded', { timeout: 1000 }).catch(() => null)) === 'true') await folders.click();
      const rows = pane.locator('.monaco-list-row');
      const rowsText = async () => (await rows.allInnerTexts().catch(() => [])).join(' | ');
      /** Expands the row whose text starts with `label` (by its twistie, as a click there does), unless it is expanded. */
      const expand = async (label, child) => {
        await poll(async () => {
          if ((await rowsText()).includes(child)) return true;
          const row = rows.filter({ hasText: label }).first();
          if (!(await row.count())) return false;
          if ((await row.getAttribute('aria-expanded', { timeout: 500 })) !== 'true') await row.locator('.monaco-tl-twistie').click({ timeout: 1000 });
          return false;
        }, { timeout: 30_000, interval: 300, what: `${child} under ${label} in the Django view` }).catch(async (error) => {
          throw new Error(`${error.message}; the view shows ${JSON.stringify(await rowsText())}`);
        });
      };
      await expand('polls', '/polls/<int:question_id>/');
      await expand('/polls/<int:question_id>/', 'polls.views.detail');
      await expand('polls.views.detail', 'polls/detail.html');
      // Clicking a template in the view opens it, as the view's rows promise.
      await rows.filter({ hasText: 'polls/detail.html' }).first().click({ timeout: 5000 });
      await poll(async () => (await activeTab()).startsWith('detail.html'), { timeout: 10_000, what: `the detail.html tab (active: ${await activeTab()})` });
      await namedScreenshot('09-django-view');
    });

    return { passed, failed };
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
}

if (isMain(import.meta.url)) {
  try {
    const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? '';
    const { passed, failed } = await runUi({ docsScreenshots: process.argv.includes('--docs-screenshots'), only });
    summary(passed, failed);
    process.exitCode = failed ? 1 : 0;
  } catch (error) {
    console.error(`[ui] ${error.stack ?? error}`);
    summary(0, 1);
    process.exitCode = 1;
  }
}
