/** The vault: everything on disk of a case, encrypted. Other modules import only from here. */
export type * from './api';
export { VaultError } from './errors';
export { changePassphrase, createVault, openVault, readVaultHeader } from './lifecycle';
export { verifyVault } from './verify';
