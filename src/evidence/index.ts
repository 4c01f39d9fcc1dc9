// Evidence that someone without the server can check: the deployment's Ed25519 signing keys
// (published as a JWKS), and what is signed with them.
export { createKeyring, type Keyring } from './keyring.ts';
