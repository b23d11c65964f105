// Fallback for machines without /usr/bin/time: runs a script in this process and, at exit, writes
// process.resourceUsage() (CPU µs, maxRSS KiB, worker threads included) to $FEEDLOOM_BENCH_USAGE.
//   FEEDLOOM_BENCH_USAGE=/tmp/u.json node bench/child-usage.mjs bin/feedloom.js run --config …
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [script, ...args] = process.argv.slice(2);
process.on('exit', () => writeFileSync(process.env.FEEDLOOM_BENCH_USAGE, JSON.stringify(process.resourceUsage())));
// The script reads its own arguments from process.argv.slice(2), as if started directly.
process.argv = [process.argv[0], path.resolve(script), ...args];
await import(pathToFileURL(path.resolve(script)).href);
