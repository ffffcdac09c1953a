#!/usr/bin/env node
// The npm bin: runs the built CLI. `npm ci` builds it (the root `prepare` script); after editing
// sources run `npm run build`.
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv);
