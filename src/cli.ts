#!/usr/bin/env node
import { main } from './cli/main.ts';

// `npx sse-test`: the command line (src/cli/). Ctrl-C stops a watch and still prints its summary.
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
process.exitCode = await main(process.argv.slice(2), { out: (line) => console.log(line) }, stop.signal);
