// The toy 10-year model of gigawatt's peer benchmark, in Squiggle (@quri/squiggle-lang).
// Usage: node toy.mjs SAMPLES SEED  ->  one line of JSON: {"seconds": run() time, "samples": [...]}
// Squiggle's run() is async and the package is ESM-only (hence .mjs); its bundled CLI is broken.
import { run } from "@quri/squiggle-lang";

const samples = Number(process.argv[2] ?? 1000);
const seed = String(process.argv[3] ?? "1");

const code = `
u0 = 700M to 900M
g = 0.2 to 0.6
share = beta(5, 95)
arpu = 200 to 300
cost = 40B to 70B
gap = List.upTo(0, 9) -> map({|t| cost - u0 * (1 + g) ^ t * share * arpu}) -> List.reduce(0, {|a, b| a + b})
gap
`;

const started = performance.now();
const output = await run(code, { environment: { sampleCount: samples, xyPointLength: 1000, seed } });
const seconds = (performance.now() - started) / 1000;
if (!output.result.ok) {
  console.error(String(output.result.value));
  process.exit(1);
}
const value = output.result.value.result;
if (value.tag !== "Dist" || typeof value.value.getSamples !== "function") {
  console.error(`expected a sample set, got ${value.tag}`);
  process.exit(1);
}
process.stdout.write(JSON.stringify({ seconds, samples: Array.from(value.value.getSamples()) }) + "\n");
