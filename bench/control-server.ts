// The control of bench/service.ts: a bare fastify (logging off, as the
// service) answering every POST with one fixed Buffer. Loaded with the same
// bodies and connections in the same run, its tail is what the machine adds.
import Fastify from 'fastify';

const answer = Buffer.from(JSON.stringify({ status: 'ok', note: 'a fixed answer' }));
const app = Fastify({ logger: false });
app.post('/*', async (_req, reply) => reply.type('application/json; charset=utf-8').send(answer));
const url = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`control on ${url}\n`);
