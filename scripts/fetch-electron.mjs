// postinstall: Electron's own install script is blocked by npm 11 (allowScripts), so run it here where a
// failure is not fatal. On a connected machine this downloads the binary; offline, `npm install` still
// succeeds and `npm start` falls back to the browser host.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { electronBinaryPath, electronPackageDir } from './electron-binary.mjs';

const TIMEOUT_MS = 120_000;
const FALLBACK = 'npm start will run Casefile in your web browser instead (it prints the address to open).';

async function main() {
  const dir = electronPackageDir();
  if (!dir || electronBinaryPath()) return;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    console.warn(`casefile: ELECTRON_SKIP_BINARY_DOWNLOAD is set, so Electron's binary was not downloaded; ${FALLBACK}`);
    return;
  }
  const { code, output } = await run(process.execPath, [path.join(dir, 'install.js')], dir);
  if (code === 0 && electronBinaryPath()) {
    console.log(`casefile: Electron's binary is installed (${electronBinaryPath()}).`);
    return;
  }
  const reason = (output.match(/(getaddrinfo \S+ \S+|ETIMEDOUT|ECONNREFUSED|ECONNRESET|HTTPError[^\n]*|timed out[^\n]*)/)?.[1] ?? output.split('\n').find((l) => l.trim()) ?? 'unknown error').trim();
  console.warn(`casefile: could not download Electron's binary from GitHub (${reason}); ${FALLBACK}`);
}

function run(command, args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    const collect = (chunk) => {
      if (output.length < 64 * 1024) output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      output = `timed out after ${TIMEOUT_MS / 1000} s\n${output}`;
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: 1, output: String(error) });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output });
    });
  });
}

// Never fail the install: the browser host covers a missing binary.
main().catch((error) => console.warn(`casefile: Electron's binary check failed (${error instanceof Error ? error.message : error}); ${FALLBACK}`));
