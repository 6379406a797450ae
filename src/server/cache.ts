import "server-only";
import { revalidateTag, unstable_cache } from "next/cache";
import { clearPageCache } from "../../runtime/bridge.mjs";
import { noteDatabaseError } from "./db";

// Public pages read through these cached queries; staff writes revalidate by tag.
export const CACHE_TAGS = {
  content: "content",
  missions: "missions",
  opportunities: "opportunities",
  institutions: "institutions",
  projects: "projects",
} as const;

export type CacheTag = (typeof CACHE_TAGS)[keyof typeof CACHE_TAGS];

export function cachedQuery<Args extends unknown[], Result>(
  name: string,
  tags: CacheTag[],
  query: (...args: Args) => Promise<Result>,
): (...args: Args) => Promise<Result> {
  const guarded = async (...args: Args) => {
    try {
      return await query(...args);
    } catch (error) {
      noteDatabaseError(error);
      throw error;
    }
  };
  return unstable_cache(guarded, [name], { tags: [CACHE_TAGS.content, ...tags] });
}

/**
 * The one way to publish a change to public content: expires the tagged queries and the pages built
 * from them, and empties the production server's page cache (runtime/page-cache.mjs) in this process.
 */
export function revalidateContent(tags: CacheTag[]): void {
  for (const tag of new Set<CacheTag>([CACHE_TAGS.content, ...tags])) revalidateTag(tag, { expire: 0 });
  clearPageCache();
}
