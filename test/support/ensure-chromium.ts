// The HTML report test renders pages in headless Chromium. CI machines are Debian with its
// package mirror and run as root, so a missing browser is installed the way a person would.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

/** Install Debian's `chromium` package when /usr/bin/chromium is missing; throw with the reason if that fails. */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  try {
    execFileSync('sh', ['-c', 'apt-get update && apt-get install -y --no-install-recommends chromium'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 600_000,
    });
  } catch (e) {
    const stderr = String((e as { stderr?: Buffer }).stderr ?? '').trim().split('\n').slice(-5).join('\n');
    throw new Error(`${CHROMIUM} is missing and installing it failed (apt-get update && apt-get install -y --no-install-recommends chromium; needs root and a Debian mirror): ${(e as Error).message}\n${stderr}`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
  return CHROMIUM;
}
