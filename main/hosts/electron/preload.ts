import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './bridge-api';

// The sandboxed preload may only require 'electron'; build.mjs bundles the rest in.
contextBridge.exposeInMainWorld(
  'casefile',
  buildBridge((channel, input) => ipcRenderer.invoke(channel, input)),
);
