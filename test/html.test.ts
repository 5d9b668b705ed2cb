// The HTML reports, generated through the command line and opened in headless Chromium: they
// must render without script errors and show what a reader needs (headings, verdict tables,
// the decisive MCE, changed values, a lasso's loop), with every value escaped.

import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../src/engine/search/result.ts';
import { checkHtml } from '../src/report/html.ts';
import { ensureChromium } from './support/ensure-debian-package.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'migcheck-html-'));
let chromium = '';

function migcheck(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/migcheck.js', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout };
}

// Flags that keep a headless run offline and free of first-run work; a fresh profile each time.
function chrome(file: string, ...extra: string[]): string {
  const profile = mkdtempSync(join(tmp, 'profile-'));
  return execFileSync(
    chromium,
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, ...extra, pathToFileURL(file).href],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 },
  );
}

/** The DOM after scripts ran; fails on any script error the page's onerror marker recorded. */
function renderedDom(file: string): string {
  const dom = chrome(file, '--dump-dom');
  expect(dom).toContain('data-ready="1"');
  expect(dom).toContain('data-script-errors="0"');
  return dom;
}

/** The `<details>` block of one counterexample. */
const section = (html: string, id: string) => {
  const start = html.indexOf(`<details id="${id}"`);
  expect(start, `no counterexample ${id}`).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</details>', start));
};

interface CxJson {
  readonly page: number | null;
  readonly mceStep: number | null;
}
interface NecessityJson {
  readonly results: { assumptions: { readBroken: string; mceMarksDirty: boolean }; designs: { design: string; verdicts: { [p: string]: { counterexample: CxJson | null } } }[] }[];
}

let necessity: { json: NecessityJson; file: string };

beforeAll(() => {
  chromium = ensureChromium();
  const file = join(tmp, 'necessity.html');
  const r = migcheck('necessity', '--json', '--html', file);
  expect(r.code).toBe(0);
  necessity = { json: JSON.parse(r.stdout) as NecessityJson, file };
}, 600_000);

describe('necessity --html', () => {
  it('renders in Chromium without script errors, with the headings and every table', () => {
    const dom = renderedDom(necessity.file);
    for (const heading of ['Is the V4 re-query loop necessary?', 'What the checker found', 'How to read this', 'Assumptions 1: readBroken=crash, mceMarksDirty=false']) {
      expect(dom).toContain(heading);
    }
    expect(dom.match(/<table class="answer">/g)).toHaveLength(1);
    expect(dom.match(/<table class="verdicts">/g)).toHaveLength(4);
    expect(dom).toContain('harmful: breaks NoNeedlessDiscard (B.II)');
    expect(dom).toContain('class="legend"');
  });

  it('draws every counterexample as a grid with the decisive MCE cell at its classified step and page', () => {
    const html = readFileSync(necessity.file, 'utf8');
    let checked = 0;
    for (const r of necessity.json.results) {
      const a = `${r.assumptions.readBroken}-${r.assumptions.mceMarksDirty ? 'dirty' : 'nodirty'}`;
      for (const d of r.designs) {
        for (const [property, v] of Object.entries(d.verdicts)) {
          if (!v.counterexample) continue;
          const grid = section(html, `cx-${a}-${d.design.replace('/', '-')}-${property}`);
          const decisive = [...grid.matchAll(/<td class="pg [^"]*\bdecisive\b[^"]*"[^>]*data-step="(\d+)" data-page="(\d+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
          const { mceStep, page } = v.counterexample;
          expect(decisive).toEqual(mceStep === null ? [] : [[mceStep, page]]);
          if (mceStep !== null) expect(grid).toMatch(new RegExp(`<th class="decisive" data-step="${mceStep}">${mceStep}: MCE\\(page=${page}\\)`));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('saves a screenshot (MIGCHECK_UPDATE_SCREENSHOT=1 also refreshes docs/necessity-report.png)', () => {
    const png = join(tmp, 'necessity.png');
    chrome(necessity.file, `--screenshot=${png}`, '--window-size=1200,1980', '--hide-scrollbars');
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(png).size).toBeGreaterThan(10_000);
    if (process.env.MIGCHECK_UPDATE_SCREENSHOT === '1') copyFileSync(png, join(root, 'docs', 'necessity-report.png'));
  });
});

describe('check --html', () => {
  it('DieHard: a variables x steps timeline in which the values a step changed are highlighted', () => {
    const file = join(tmp, 'diehard.html');
    expect(migcheck('check', 'diehard', '--quiet', '--html', file).code).toBe(12);
    const dom = renderedDom(file);
    expect(dom).toContain('What the checker found');
    expect(dom).toContain('NotFour: Invariant NotFour is violated.');
    // Step 2 is FillBig: big goes 0 → 5, small stays 0.
    expect(dom).toContain('<th data-step="2">2: FillBig</th>');
    expect(dom).toContain('<td class="changed" data-step="2" data-var="big">5</td>');
    expect(dom).toContain('<td data-step="2" data-var="small">0</td>');
  });

  it('a liveness lasso marks the state the loop returns to and the closing step', () => {
    const file = join(tmp, 'peterson.html');
    expect(migcheck('check', 'peterson', '--const', 'fair=false', '--quiet', '--html', file).code).toBe(13);
    const dom = renderedDom(file);
    expect(dom).toMatch(/<th class="loop-start" data-step="\d+">/);
    expect(dom).toMatch(/<th class="loop-back">(back to state \d+|then stutters forever)/);
  });

  it('escapes every value, name and message', () => {
    const evil = '<img src=x onerror="throw 1">&';
    const state = { note: evil };
    const result = {
      status: 'violation', complete: false, distinct: 1, generated: 1, depth: 1, queueLeft: 0, elapsedMs: 1,
      collisionProbability: 0, outdegree: { min: 0, max: 0, avg: 0, p95: 0, states: 0 }, reachability: [], coverage: [], warnings: [evil],
      violations: [{ property: evil, kind: 'invariant', message: evil, trace: { states: [{ label: evil, step: null, state }] } }],
    } as unknown as CheckResult<unknown>;
    const html = checkHtml({ model: evil, doc: evil, constants: { [evil]: evil }, result });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=&quot;throw 1&quot;&gt;&amp;');
    const file = join(tmp, 'evil.html');
    writeFileSync(file, html);
    expect(renderedDom(file)).not.toContain('<img');
  });
});
