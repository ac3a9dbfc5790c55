// Before the browser tests: make sure Debian's Chromium is installed. As root it installs
// it with apt; otherwise it stops with the exact command to run. Never downloads a browser.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const found = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
if (found) process.exit(0);

const command = 'apt-get update && apt-get install -y chromium';
if (process.getuid?.() !== 0) {
  console.error(
    `Chromium is needed for the browser tests and is not installed.\nRun as root:\n  sudo sh -c '${command}'\nthen run npm test again.`,
  );
  process.exit(1);
}
console.log(`Chromium is not installed; installing it: ${command}`);
const result = spawnSync('sh', ['-c', `DEBIAN_FRONTEND=noninteractive ${command}`], { stdio: 'inherit' });
if (result.status !== 0 || !existsSync('/usr/bin/chromium')) {
  console.error(`Installing Chromium failed. Run it yourself:\n  ${command}`);
  process.exit(1);
}
console.log(execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim());
