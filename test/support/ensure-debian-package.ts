// Tools some tests need from Debian's packages (Chromium for the HTML report, xmllint for the
// JUnit schema). CI machines are Debian with its package mirror and run as root, so a missing
// tool is installed the way a person would; if that fails, the test fails saying why.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** `binary`, installing Debian's `pkg` first when it is missing; throws with the reason if that fails. */
export function ensureDebianPackage(binary: string, pkg: string): string {
  if (existsSync(binary)) return binary;
  const install = `apt-get update && apt-get install -y --no-install-recommends ${pkg}`;
  try {
    execFileSync('sh', ['-c', install], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: ['ignore', 'ignore', 'pipe'], timeout: 600_000 });
  } catch (e) {
    const stderr = String((e as { stderr?: Buffer }).stderr ?? '').trim().split('\n').slice(-5).join('\n');
    throw new Error(`${binary} is missing and installing it failed (${install}; needs root and a Debian mirror): ${(e as Error).message}\n${stderr}`);
  }
  if (!existsSync(binary)) throw new Error(`apt-get installed ${pkg} but ${binary} is still missing`);
  return binary;
}

export const ensureChromium = (): string => ensureDebianPackage('/usr/bin/chromium', 'chromium');
export const ensureXmllint = (): string => ensureDebianPackage('/usr/bin/xmllint', 'libxml2-utils');
