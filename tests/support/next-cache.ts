// Stands in for next/cache: queries run uncached against the test database; caching itself is
// exercised by the browser tests against the built app.
export function unstable_cache<Callback extends (...args: never[]) => Promise<unknown>>(callback: Callback): Callback {
  return callback;
}

/** Every tag revalidated in this test file, in order; tests read and clear it. */
export const revalidatedTags: string[] = [];

export function revalidateTag(tag: string, _profile?: string | { expire?: number }): void {
  revalidatedTags.push(tag);
}

export function revalidatePath(_path: string, _type?: "layout" | "page"): void {}

export function updateTag(_tag: string): void {}
