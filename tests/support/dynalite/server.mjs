// Starts an in-memory dynalite (a real DynamoDB wire-protocol server) on 127.0.0.1 and a free port, prints
// "dynalite: http://127.0.0.1:PORT" once listening, and exits when its parent closes stdin (so a crashed test run
// leaves nothing behind).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite');

const port = Number(process.argv[2] ?? 0);
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`dynalite: http://127.0.0.1:${server.address().port}\n`);
});
server.on('error', (err) => {
  process.stderr.write(`dynalite: ${err.message}\n`);
  process.exit(1);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
