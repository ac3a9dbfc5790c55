// The sync gate under phones that give up: a request that closes while it waits its turn
// must give its place back, or enough of them would leave no room for anyone.
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { COURSE, syncBody } from '../helpers/events.js';
import { addUser, enrol, login, publishSample, startServer, type TestServer } from '../helpers/server.js';

const SLOTS = 32; // MAX_CONCURRENT_SYNCS in src/server/routes/api/sync/index.ts
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startServer('sqlite');
  await publishSample(server);
  const user = await addUser(server.db);
  await enrol(server.db, COURSE, { nips: [user.nip] });
  token = await login(server, user);
});
afterAll(() => server?.close());

/** A sync whose body never finishes arriving: it holds (or waits for) a place until destroyed. */
function stalledSync(): net.Socket {
  const { hostname, port } = new URL(server.url);
  const socket = net.connect(Number(port), hostname);
  const body = JSON.stringify(syncBody([]));
  socket.on('error', () => undefined);
  socket.write(
    `POST /api/sync HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 10}\r\n\r\n${body}`,
  );
  return socket;
}

it('gives a place back when a sync closes while it waits its turn', async () => {
  const holders = Array.from({ length: SLOTS }, stalledSync);
  await pause(300);
  const quitters = Array.from({ length: SLOTS }, stalledSync); // queued behind the holders
  await pause(300);
  for (const socket of quitters) socket.destroy();
  await pause(300);
  for (const socket of holders) socket.destroy(); // their places pass to the quitters, who are gone
  await pause(300);
  const replies = await Promise.all(Array.from({ length: SLOTS }, () => server.call('POST', '/api/sync', { token, body: syncBody([]) })));
  expect(replies.map((r) => r.status)).toEqual(Array(SLOTS).fill(200));
}, 20_000);
