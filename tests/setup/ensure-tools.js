// Before the tests: make sure the Debian programs they use are installed. Chromium drives the
// browser tests; pdftotext and pdftoppm (poppler-utils) read certificates back; ffmpeg makes
// the media lessons' test files and the fake camera's picture of a QR code. As root this
// installs what is missing with apt; otherwise it stops with the exact command to run. It
// never downloads a browser.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
const onPath = (program) => spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;

const needed = [
  ['chromium', !!chromium],
  ['poppler-utils', onPath('pdftotext') && onPath('pdftoppm')],
  ['ffmpeg', onPath('ffmpeg')],
]
  .filter(([, present]) => !present)
  .map(([pkg]) => pkg);
if (needed.length === 0) process.exit(0);

const command = `apt-get update && apt-get install -y ${needed.join(' ')}`;
if (process.getuid?.() !== 0) {
  console.error(
    `The tests need ${needed.join(' and ')}, which is not installed.\nRun as root:\n  sudo sh -c '${command}'\nthen run npm test again.`,
  );
  process.exit(1);
}
console.log(`Installing what the tests need: ${command}`);
const result = spawnSync('sh', ['-c', `DEBIAN_FRONTEND=noninteractive ${command}`], { stdio: 'inherit' });
if (result.status !== 0 || !existsSync('/usr/bin/chromium') || !onPath('pdftotext') || !onPath('ffmpeg')) {
  console.error(`Installing failed. Run it yourself:\n  ${command}`);
  process.exit(1);
}
console.log(execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim());
