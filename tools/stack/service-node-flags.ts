/**
 * Node's flags for each service's process, chosen by measurement (bench/results/README.md, "Memory
 * of a service process"): without them the Phone System peaked at 284–373 MB under W6, with them
 * at 183–196 MB (10-minute soak included) at the same CPU per request.
 * - `--no-wasm-dynamic-tiering --no-wasm-tier-up`: Prisma's query compiler (WebAssembly) stays on
 *   V8's baseline compiler (Liftoff). Tiering its hot functions up to TurboFan took ~50 MB of
 *   compiler memory that glibc keeps after it is freed (≈ 45–70 MB of RSS for good) and bought no
 *   measurable CPU (Prisma alone, 1,500 queries: 1.7–1.8 ms of CPU per query with it, 1.5–1.7
 *   without). A function Liftoff cannot compile still goes to TurboFan (unlike `--liftoff-only`).
 * - `--max-semi-space-size=SEMI_SPACE_MB`: the young generation is 2 × this (V8's default grows it
 *   to 2 × 16 MB, all of it touched under load).
 * - `--heap-growing-percent=HEAP_GROWING_PERCENT`: a full collection when the old generation has
 *   grown by this much since the last one, instead of V8's dynamic factor (up to 4×: 45 MB alive
 *   grew to 115 MB of old space before a collection).
 * Source maps are off unless DIALLINK_SOURCE_MAPS=1: with `--enable-source-maps` every process
 * reads and keeps the maps of the modules it loads (memory, and a slower start), and a stack trace
 * in a log line then names the TypeScript source; without, it names the built JavaScript in dist/
 * (tsc's output: the same names, readable). The Dockerfile's CMD carries the same flags.
 */
export function serviceNodeFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  const SEMI_SPACE_MB = 8;
  const HEAP_GROWING_PERCENT = 30;
  return [
    '--no-wasm-dynamic-tiering',
    '--no-wasm-tier-up',
    `--max-semi-space-size=${SEMI_SPACE_MB}`,
    `--heap-growing-percent=${HEAP_GROWING_PERCENT}`,
    ...(/^(1|true|yes|on)$/i.test(env.DIALLINK_SOURCE_MAPS ?? '') ? ['--enable-source-maps'] : []),
  ];
}
