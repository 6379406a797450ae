// The top entries of a server's CPU profile (node --cpu-prof) within the windows bench/submit-path.ts measured:
// self time per function, and per package or source file, for the submissions and for the uploads.
//   npx tsx bench/cpu-profile.ts PROFILE_DIR RESULT_JSON
// Adds `profile` to RESULT_JSON. Sample instants and the windows are both CLOCK_MONOTONIC microseconds.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
type Window = { fromUs: number; toUs: number };

const [dir, resultFile] = process.argv.slice(2);
if (!dir || !resultFile) throw new Error("usage: bench/cpu-profile.ts PROFILE_DIR RESULT_JSON");
const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
if (files.length === 0) throw new Error(`No .cpuprofile in ${dir}: did the server stop cleanly?`);
// The largest profile is the server's (npm or a wrapper would write small ones).
const file = files.map((f) => path.join(dir, f)).sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0]!;
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const result = JSON.parse(readFileSync(resultFile, "utf8")) as { uploadCost: { window: Window; count: number }; submitCost: { window: Window; count: number } } & Record<string, unknown>;
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));

/** Where a frame's code lives: a package, a source file of the portal, or Node itself. */
function placeOf(url: string): string {
  if (!url) return "(native)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules !== -1) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) return url;
  const server = url.indexOf(".next/server/");
  if (server !== -1) return `.next/server/${url.slice(server + ".next/server/".length).split("/").slice(0, 2).join("/")}`;
  return url.replace(/^file:\/\//, "").split("/").slice(-2).join("/");
}

function top(window: Window, requests: number) {
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let at = profile.startTime;
  let totalUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < window.fromUs || at > window.toUs) continue;
    const node = nodes.get(profile.samples[i]!)!;
    const name = node.callFrame.functionName || "(anonymous)";
    if (name === "(idle)") continue;
    // The time up to this sample belongs to it.
    totalUs += delta;
    const place = placeOf(node.callFrame.url);
    const key = `${name}  ${place}${node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ""}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + delta);
    byPlace.set(place, (byPlace.get(place) ?? 0) + delta);
  }
  const rank = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([entry, us]) => ({ entry, msPerRequest: us / 1000 / requests, share: us / Math.max(totalUs, 1) }));
  return { sampledMsPerRequest: totalUs / 1000 / requests, functions: rank(byFunction), places: rank(byPlace) };
}

const profileTop = {
  file: path.basename(file),
  submissions: top(result.submitCost.window, result.submitCost.count),
  uploads: top(result.uploadCost.window, result.uploadCost.count),
};
for (const [label, part] of [["submissions", profileTop.submissions], ["uploads", profileTop.uploads]] as const) {
  console.log(`\nCPU profile, ${label} (main thread, sampled ${part.sampledMsPerRequest.toFixed(1)} ms per request): top self time`);
  for (const f of part.functions) console.log(`  ${f.msPerRequest.toFixed(2).padStart(6)} ms ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.entry}`);
  console.log("  by package or file:");
  for (const f of part.places.slice(0, 10)) console.log(`  ${f.msPerRequest.toFixed(2).padStart(6)} ms ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.entry}`);
}
writeFileSync(resultFile, JSON.stringify({ ...result, profile: profileTop }, null, 2));
