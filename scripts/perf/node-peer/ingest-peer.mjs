// The Node.js peer of the ingest cold-start benchmark (scripts/perf/cold-start.sh). One process does what
// the Java IngestHandler does on a cold start, written the way a lean Node.js Lambda would be: read the
// API Gateway REST proxy event, look up the API key's client (GetItem), parse and validate the body,
// fingerprint it, append the payment with a conditional PutItem (AWS SDK for JavaScript v3), answer 201.
// Same engine, same table, same item shape, same two calls as the Java handler.
//
// usage: node ingest-peer.mjs EVENT_JSON [--run ID] [--steady N]
// env:   TABLE_NAME, DYNAMODB_ENDPOINT, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY[, AWS_SESSION_TOKEN]
// Prints "@@PERF first201" on stderr when the first 201 is in hand, then in-process timings.
const mainAt = performance.now();
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { DynamoDBClient, GetItemCommand, PutItemCommand, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

const args = process.argv.slice(2);
const eventFile = args[0];
let run = Date.now().toString(36);
let steady = 0;
for (let i = 1; i < args.length; i++) {
  if (args[i] === '--run') run = args[++i];
  else if (args[i] === '--steady') steady = Number(args[++i]);
  else throw new Error(`unknown option ${args[i]}`);
}

// Init, as in a Lambda's module scope: explicit region, credentials and endpoint (no provider chain).
const initStart = performance.now();
const env = process.env;
const TABLE = env.TABLE_NAME;
const dynamo = new DynamoDBClient({
  region: env.AWS_REGION,
  endpoint: env.DYNAMODB_ENDPOINT,
  credentials: {
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    sessionToken: env.AWS_SESSION_TOKEN,
  },
  maxAttempts: 3,
});
const template = readFileSync(eventFile, 'utf8');
const initEnd = performance.now();

const ALIASES = { DOLLARS: 'USD', DOLLAR: 'USD', EUROS: 'EUR', EURO: 'EUR', POUNDS: 'GBP', POUND: 'GBP' };
const MINOR_UNITS = { USD: 2, EUR: 2, GBP: 2, JPY: 0, CHF: 2, CAD: 2, AUD: 2, KWD: 3 };
const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const AMOUNT = /^\d{1,13}(\.\d+)?$/;
const BASE32 = '0123456789abcdefghjkmnpqrstvwxyz';

function validate(fields) {
  const errors = [];
  const ts = fields.paymentTimestamp;
  let instant;
  if (typeof ts !== 'string' || !OFFSET_DATE_TIME.test(ts) || Number.isNaN(instant = Date.parse(ts))) {
    errors.push({ field: 'paymentTimestamp', detail: 'must be an ISO-8601 date-time with an offset' });
  }
  const description = typeof fields.paymentDescription === 'string' ? fields.paymentDescription.trim() : '';
  if (description.length === 0 || description.length > 140) {
    errors.push({ field: 'paymentDescription', detail: 'must be 1 to 140 characters' });
  }
  const rawCurrency = typeof fields.currency === 'string' ? fields.currency.trim().toUpperCase() : '';
  const currency = ALIASES[rawCurrency] ?? rawCurrency;
  if (!(currency in MINOR_UNITS)) {
    errors.push({ field: 'currency', detail: 'must be an ISO 4217 code' });
  }
  const rawAmount = typeof fields.amount === 'number' || typeof fields.amount === 'string' ? String(fields.amount) : '';
  let amount;
  if (!AMOUNT.test(rawAmount) || Number(rawAmount) <= 0) {
    errors.push({ field: 'amount', detail: 'must be a positive decimal' });
  } else if (currency in MINOR_UNITS) {
    const [units, fraction = ''] = rawAmount.split('.');
    const digits = MINOR_UNITS[currency];
    if (fraction.replace(/0+$/, '').length > digits) {
      errors.push({ field: 'amount', detail: `${currency} allows at most ${digits} digits after the decimal point` });
    } else {
      amount = units.replace(/^0+(?=\d)/, '') + (digits > 0 ? '.' + fraction.padEnd(digits, '0').slice(0, digits) : '');
    }
  }
  if (errors.length > 0) return { errors };
  return { payment: { timestamp: new Date(instant).toISOString().replace('.000Z', 'Z'), description, currency, amount } };
}

function id(prefix, ...parts) {
  const hash = createHash('sha256').update(parts.join('\u0000')).digest();
  let out = '';
  for (let i = 0; i < 26; i++) out += BASE32[hash[i] & 31];
  return prefix + out;
}

function response(statusCode, body, headers = {}) {
  return JSON.stringify({
    statusCode,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  });
}

const clients = new Map();
async function clientFor(apiKeyId) {
  if (clients.has(apiKeyId)) return clients.get(apiKeyId);
  const { Item } = await dynamo.send(new GetItemCommand({
    TableName: TABLE, Key: { pk: { S: `APIKEY#${apiKeyId}` }, sk: { S: 'CLIENT' } },
  }));
  const client = Item?.clientId?.S;
  clients.set(apiKeyId, client);
  return client;
}

async function handle(eventJson) {
  const event = JSON.parse(eventJson);
  const requestId = event.requestContext?.requestId ?? 'unknown';
  const client = await clientFor(event.requestContext?.identity?.apiKeyId);
  if (!client) return response(403, { type: '/problems/forbidden', status: 403, requestId });
  let fields;
  try {
    fields = JSON.parse(event.body);
  } catch {
    return response(400, { type: '/problems/malformed-body', status: 400, requestId });
  }
  const { payment, errors } = validate(fields);
  if (errors) return response(422, { type: '/problems/validation-failed', status: 422, requestId, errors });
  const fingerprint = createHash('sha256')
    .update([payment.timestamp, payment.description, payment.currency, payment.amount].join('\u0000')).digest('hex');
  const paymentId = id('pay_', client, fingerprint);
  const seriesId = id('ser_', client, payment.description.toLowerCase(), payment.currency);
  const recordedAt = new Date().toISOString();
  const timeSk = `${payment.timestamp}#${paymentId}`;
  const shard = String(Number.parseInt(fingerprint.slice(0, 8), 16) % 16).padStart(2, '0');
  try {
    await dynamo.send(new PutItemCommand({
      TableName: TABLE,
      Item: {
        pk: { S: `C#${client}#PAY#${paymentId}` }, sk: { S: 'EVENT' },
        gsi1pk: { S: `C#${client}#LEDGER#${shard}` }, gsi1sk: { S: timeSk },
        gsi2pk: { S: `C#${client}#SERIES#${seriesId}` }, gsi2sk: { S: timeSk },
        type: { S: 'PaymentRecorded' }, v: { S: '1' },
        paymentId: { S: paymentId }, clientId: { S: client }, seriesId: { S: seriesId },
        paymentTimestamp: { S: payment.timestamp }, description: { S: payment.description },
        currency: { S: payment.currency }, amount: { N: payment.amount },
        recordedAt: { S: recordedAt }, fingerprint: { S: fingerprint },
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }));
  } catch (e) {
    if (!(e instanceof ConditionalCheckFailedException)) throw e;
    return response(201, { paymentId, ...payment, seriesId }, { 'Idempotent-Replayed': 'true' });
  }
  return response(201, {
    paymentId, paymentTimestamp: payment.timestamp, paymentDescription: payment.description,
    currency: payment.currency, amount: payment.amount, seriesId, recordedAt,
  }, { Location: `/payments/${paymentId}` });
}

function eventFor(n) {
  const tag = `${run}-${n}`;
  return template.replace('\\"Gym\\"', `\\"Gym ${tag}\\"`).replace('c6af9ac6-7b61-11e6-9a41-93e8deadbeef', `perf-${tag}`);
}

const firstStart = performance.now();
const first = await handle(eventFor(0));
const firstEnd = performance.now();
if (!first.includes('"statusCode":201')) {
  process.stderr.write(`@@PERF error first response was not 201: ${first}\n`);
  process.exit(2);
}
process.stderr.write('@@PERF first201\n');
const f = (x) => x.toFixed(2);
process.stderr.write(`@@PERF init_ms=${f(initEnd - initStart)} prime_ms=0.00 first_invoke_ms=${f(firstEnd - firstStart)} main_to_201_ms=${f(firstEnd - mainAt)}\n`);
if (steady > 0) {
  const times = [];
  for (let i = 1; i <= steady; i++) {
    const start = performance.now();
    const r = await handle(eventFor(i));
    times.push(performance.now() - start);
    if (!r.includes('"statusCode":201')) {
      process.stderr.write(`@@PERF error response ${i} was not 201: ${r}\n`);
      process.exit(2);
    }
  }
  const tail = times.slice(steady - Math.max(1, Math.floor(steady / 5))).sort((a, b) => a - b);
  process.stderr.write(`@@PERF second_invoke_ms=${times[0].toFixed(3)} steady_median_ms=${tail[Math.floor(tail.length / 2)].toFixed(3)} steady_n=${tail.length}\n`);
}
process.exit(0);
