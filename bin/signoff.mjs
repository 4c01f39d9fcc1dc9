#!/usr/bin/env node
// The CLI: compiled JavaScript from build/ when it is up to date, else the TypeScript sources
// run directly by Node's type stripping (Node >= 22.18); see entry-point.mjs.
import { entryPoint } from './entry-point.mjs';

await import(entryPoint(new URL('..', import.meta.url)));
