// The JUnit schema test validates with xmllint. CI machines are Debian with its package mirror
// and run as root, so a missing xmllint is installed the way a person would (as
// ensure-chromium.ts does for the browser).

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const XMLLINT = '/usr/bin/xmllint';

/** Install Debian's `libxml2-utils` when /usr/bin/xmllint is missing; throw with the reason if that fails. */
export function ensureXmllint(): string {
  if (existsSync(XMLLINT)) return XMLLINT;
  try {
    execFileSync('sh', ['-c', 'apt-get update && apt-get install -y --no-install-recommends libxml2-utils'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 600_000,
    });
  } catch (e) {
    const stderr = String((e as { stderr?: Buffer }).stderr ?? '').trim().split('\n').slice(-5).join('\n');
    throw new Error(`${XMLLINT} is missing and installing it failed (apt-get update && apt-get install -y --no-install-recommends libxml2-utils; needs root and a Debian mirror): ${(e as Error).message}\n${stderr}`);
  }
  if (!existsSync(XMLLINT)) throw new Error(`apt-get installed libxml2-utils but ${XMLLINT} is still missing`);
  return XMLLINT;
}
