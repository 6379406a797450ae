import "server-only";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, type ResourceLimits } from "node:worker_threads";

// Work that can take long (checking a file, drawing a PDF) runs in a few worker threads, so a request never
// waits for another client's work: each task has a time limit, and a full queue refuses at once.

/** Every worker is busy and the queue is full: the caller should ask the client to try again shortly. */
export class WorkerPoolBusyError extends Error {
  constructor() {
    super("Every worker is busy and the queue is full");
  }
}

/** The task ran past its time limit; its worker was stopped mid-task. */
export class WorkerTimeoutError extends Error {
  constructor(limitMs: number) {
    super(`The task ran past its ${limitMs} ms limit`);
  }
}

export interface WorkerPoolOptions {
  /** The worker's script: a plain .mjs file that calls serveTasks (worker-task.mjs); see workerScript. */
  script: URL;
  /** Workers at most, each running one task at a time. */
  size: number;
  /** Tasks waiting for a worker at most, read for each task; one more is refused with WorkerPoolBusyError. */
  queueLimit: () => number;
  /** How long a task may run once a worker has it, read for each task (so tests and operators can change it). */
  timeoutMs: () => number;
  /** How long an idle worker is kept for the next task before it is stopped, freeing its memory. */
  idleMs?: number;
  resourceLimits?: ResourceLimits;
}

export interface WorkerPool<In, Out> {
  /** The worker's answer for `input` (copied to the worker), or WorkerTimeoutError, WorkerPoolBusyError or its error. */
  run(input: In): Promise<Out>;
}

/**
 * A worker script's URL, from the project root the app runs in (as the receipt's fonts are read). Node runs the
 * file as it is, in development, tests and production alike: the bundler neither copies nor rewrites it.
 */
export const workerScript = (fromRoot: string): URL => pathToFileURL(path.join(/*turbopackIgnore: true*/ process.cwd(), fromRoot));

interface Task<In, Out> {
  input: In;
  resolve: (value: Out) => void;
  reject: (error: unknown) => void;
}

interface Slot<In, Out> {
  worker: Worker;
  task?: Task<In, Out>;
  timer?: NodeJS.Timeout;
  idleTimer?: NodeJS.Timeout;
}

type Answer<Out> = { ok: true; value: Out } | { ok: false; error: string };

export function createWorkerPool<In, Out>(options: WorkerPoolOptions): WorkerPool<In, Out> {
  const slots = new Set<Slot<In, Out>>();
  const queue: Task<In, Out>[] = [];
  const idleMs = options.idleMs ?? 60_000;

  /** Removes a worker for good, failing the task it had; its replacement starts with the next task. */
  function retire(slot: Slot<In, Out>, error: unknown): void {
    if (!slots.delete(slot)) return;
    clearTimeout(slot.timer);
    clearTimeout(slot.idleTimer);
    const task = slot.task;
    slot.task = undefined;
    void slot.worker.terminate();
    task?.reject(error);
    dispatch();
  }

  function spawn(): Slot<In, Out> {
    const worker = new Worker(options.script, { resourceLimits: options.resourceLimits });
    const slot: Slot<In, Out> = { worker };
    worker.on("message", (answer: Answer<Out>) => {
      const task = slot.task;
      if (!task) return;
      clearTimeout(slot.timer);
      slot.task = undefined;
      // An idle worker neither keeps the process alive nor its memory for long.
      worker.unref();
      slot.idleTimer = setTimeout(() => retire(slot, new Error("idle")), idleMs).unref();
      if (answer.ok) task.resolve(answer.value);
      else task.reject(new Error(answer.error));
      dispatch();
    });
    worker.on("error", (error) => retire(slot, error));
    worker.on("exit", (code) => retire(slot, new Error(`The worker stopped with exit code ${code}`)));
    slots.add(slot);
    return slot;
  }

  function dispatch(): void {
    while (queue.length > 0) {
      let slot = [...slots].find((s) => !s.task);
      if (!slot) {
        if (slots.size >= options.size) return;
        slot = spawn();
      }
      const task = queue.shift()!;
      const limitMs = options.timeoutMs();
      const running = slot;
      clearTimeout(running.idleTimer);
      running.task = task;
      running.worker.ref();
      running.timer = setTimeout(() => retire(running, new WorkerTimeoutError(limitMs)), limitMs);
      running.worker.postMessage(task.input);
    }
  }

  return {
    run(input: In): Promise<Out> {
      if (queue.length >= options.queueLimit()) return Promise.reject(new WorkerPoolBusyError());
      return new Promise<Out>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        dispatch();
      });
    },
  };
}

/**
 * The process's one pool under `name`, made on first use. Next.js may load a module once per bundle (a route
 * and a server action), and each copy must share the same few workers.
 */
export function sharedWorkerPool<In, Out>(name: string, options: () => WorkerPoolOptions): WorkerPool<In, Out> {
  const key = Symbol.for(`space-cooperation-portal.worker-pool.${name}`);
  const registry = globalThis as Record<symbol, WorkerPool<In, Out> | undefined>;
  return (registry[key] ??= createWorkerPool<In, Out>(options()));
}
