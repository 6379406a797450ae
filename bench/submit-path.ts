// The application submit path under load: 20 concurrent submitters, each uploading a technical description
// (POST /api/v1/uploads) and submitting a complete application to the practice call (POST .../applications),
// against one production server on the embedded database, where scripts/bench.sh opens the practice call.
// Prints p50/p95/p99 per request kind and checks that every acknowledged submission got its own reference.
// Figures only: never gates.
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PRACTICE_CALL_SLUG } from "../prisma/practice-call";
import { leadAnswers, payloadAnswers, pdfBytes, scienceAnswers, uniqueEmail } from "../tests/factories/application-answers";

const base = process.env.BENCH_BASE_URL ?? "http://127.0.0.1:3000";
const output = process.env.BENCH_OUTPUT ?? "bench-results/submit-path.json";
const SUBMITTERS = Number(process.env.BENCH_SUBMITTERS ?? 20);
const PER_SUBMITTER = Number(process.env.BENCH_PER_SUBMITTER ?? 10);
const DEADLINE_MS = 300_000;

const timings = { upload: [] as number[], submit: [] as number[], total: [] as number[] };
const failures: string[] = [];
const references = new Set<string>();
const pdf = pdfBytes(200 * 1024);

async function timed<T>(list: number[], work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    list.push(performance.now() - start);
  }
}

async function submitOnce(): Promise<void> {
  const started = performance.now();
  const form = new FormData();
  form.set("kind", "TECHNICAL_DESCRIPTION");
  form.set("file", new Blob([pdf], { type: "application/pdf" }), "technical-description.pdf");
  const upload = await timed(timings.upload, () => fetch(`${base}/api/v1/uploads`, { method: "POST", body: form }));
  if (upload.status !== 201) return void failures.push(`upload ${upload.status}: ${(await upload.text()).slice(0, 200)}`);
  const { data } = (await upload.json()) as { data: { uploadId: string; uploadToken: string } };
  const body = {
    email: uniqueEmail("bench"),
    lead: leadAnswers(),
    // A gram each: the run measures the path, not the capacity rule.
    payload: payloadAnswers({ carrier: "ORBITER", massKg: 0.001 }),
    science: scienceAnswers(),
    attachments: [{ uploadId: data.uploadId, uploadToken: data.uploadToken }],
  };
  const submit = await timed(timings.submit, () =>
    fetch(`${base}/api/v1/opportunities/${PRACTICE_CALL_SLUG}/applications`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": randomUUID() },
      body: JSON.stringify(body),
    }),
  );
  if (submit.status !== 201) return void failures.push(`submit ${submit.status}: ${(await submit.text()).slice(0, 200)}`);
  const reference = ((await submit.json()) as { data: { reference: string } }).data.reference;
  if (references.has(reference)) failures.push(`duplicate reference ${reference}`);
  references.add(reference);
  timings.total.push(performance.now() - started);
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const runStarted = performance.now();
await Promise.all(
  Array.from({ length: SUBMITTERS }, async () => {
    for (let i = 0; i < PER_SUBMITTER && performance.now() - runStarted < DEADLINE_MS; i++) {
      await submitOnce().catch((error: unknown) => failures.push(String(error)));
    }
  }),
);
const seconds = (performance.now() - runStarted) / 1000;

const rows = (Object.keys(timings) as (keyof typeof timings)[]).map((kind) => ({
  kind,
  count: timings[kind].length,
  p50: percentile(timings[kind], 50),
  p95: percentile(timings[kind], 95),
  p99: percentile(timings[kind], 99),
  max: Math.max(...timings[kind]),
}));
console.log(`\nSubmit path: ${SUBMITTERS} concurrent submitters x ${PER_SUBMITTER}, embedded database, ${seconds.toFixed(1)} s`);
console.log("request                 count    p50 ms    p95 ms    p99 ms    max ms");
for (const r of rows) {
  const label = { upload: "upload (200 KB PDF)", submit: "submit application", total: "upload + submit" }[r.kind];
  console.log(
    `${label.padEnd(22)} ${String(r.count).padStart(6)} ${r.p50.toFixed(0).padStart(9)} ${r.p95.toFixed(0).padStart(9)} ${r.p99.toFixed(0).padStart(9)} ${r.max.toFixed(0).padStart(9)}`,
  );
}
console.log(`acknowledged: ${references.size} distinct references; ${(references.size / seconds).toFixed(1)} submissions/s; failures: ${failures.length}`);
for (const f of failures.slice(0, 10)) console.log(`  ${f}`);
mkdirSync(path.dirname(output), { recursive: true });
writeFileSync(output, JSON.stringify({ submitters: SUBMITTERS, perSubmitter: PER_SUBMITTER, seconds, rows, acknowledged: references.size, failures }, null, 2));
