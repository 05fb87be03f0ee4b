// npm start (after scripts/build.mjs): the desktop app when Electron's binary is here, otherwise the same
// UI and core through the loopback browser host, on the same library folder.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinaryPath } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function launch(command, args, env = process.env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  // Ctrl+C reaches the child through the terminal; we only wait for it to lock the case and exit.
  const forward = (signal) => {
    if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => forward('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (error) => {
    console.error(`Could not start ${command}: ${error.message}`);
    process.exit(1);
  });
}

if (!existsSync(path.join(root, 'out', 'main', 'electron-main.cjs'))) {
  console.error('Casefile is not built yet: run `npm start` (it builds first) or `npm run build`.');
  process.exit(1);
}

const electron = electronBinaryPath();
if (electron) {
  const env = { ...process.env };
  // Set by some tools; it would make the binary behave as plain Node and never open a window.
  delete env.ELECTRON_RUN_AS_NODE;
  launch(electron, ['.'], env);
} else {
  console.log(
    "Electron's binary is not installed on this machine (it is downloaded from GitHub at install time); starting Casefile in your browser instead.",
  );
  const library = process.env.CASEFILE_HOME ?? path.join(os.homedir(), 'Casefile');
  launch(process.execPath, [path.join(root, 'out', 'main', 'casefile-web.cjs'), '--library', library, '--seeds', path.join(root, 'seeds'), '--static', path.join(root, 'out', 'renderer')]);
}
