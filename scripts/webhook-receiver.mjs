// A local receiver for the admin's webhook sink (./aispm up starts it): verifies each delivery's signature
// (X-AiSpm-Signature: v1=hex(HMAC-SHA256(secret, timestamp + "." + body))) and timestamp (within 5 minutes, so a
// captured request cannot be replayed later), drops a delivery id it already has (the admin sends at least once),
// and appends each accepted delivery as one JSON line to the log file. Prints "webhook: URL" once listening.
//
// usage: AISPM_WEBHOOK_SECRET=... node scripts/webhook-receiver.mjs --log FILE [--port N]
import { createHmac, timingSafeEqual } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const logFile = arg('--log');
const port = Number(arg('--port', '0'));
const secret = process.env.AISPM_WEBHOOK_SECRET ?? '';
const toleranceSeconds = 300;
const maxBody = 1024 * 1024;
if (!logFile || secret.length < 16) {
  process.stderr.write('usage: AISPM_WEBHOOK_SECRET=<16+ chars> node webhook-receiver.mjs --log FILE [--port N]\n');
  process.exit(2);
}

const seen = new Set();

export function verify(timestamp, signature, body, now = Date.now() / 1000) {
  if (!/^\d+$/.test(timestamp ?? '')) return 'no timestamp';
  if (Math.abs(now - Number(timestamp)) > toleranceSeconds) return 'timestamp outside tolerance';
  const expected = Buffer.from('v1=' + createHmac('sha256', secret).update(timestamp + '.').update(body).digest('hex'));
  const given = Buffer.from(signature ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad signature';
  return null;
}

const server = createServer((req, res) => {
  if (req.method !== 'POST') {
    res.writeHead(405).end();
    return;
  }

  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size > maxBody) req.destroy();
    else chunks.push(c);
  });
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const id = req.headers['x-aispm-delivery'];
    const why = verify(req.headers['x-aispm-timestamp'], req.headers['x-aispm-signature'], body);
    if (why) {
      process.stderr.write(`webhook: rejected ${id ?? '(no id)'}: ${why}\n`);
      res.writeHead(401, { 'content-type': 'text/plain' }).end(why);
      return;
    }

    if (!seen.has(id)) {
      seen.add(id);
      let payload;
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch {
        res.writeHead(400).end('not JSON');
        return;
      }

      const line = { receivedAt: new Date().toISOString(), deliveryId: id, verified: true, payload };
      appendFileSync(logFile, JSON.stringify(line) + '\n', { mode: 0o600 });
    }

    res.writeHead(200).end();
  });
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`webhook: http://127.0.0.1:${server.address().port}/\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
