import type { Pagination } from "./validation/api";

/** One page of an in-memory list (the public datasets are small), with the figures a client needs to page on. */
export function paginate<T>(items: readonly T[], { page, pageSize }: { page: number; pageSize: number }): { data: T[]; pagination: Pagination } {
  const total = items.length;
  const start = (page - 1) * pageSize;
  return {
    data: items.slice(start, start + pageSize),
    pagination: { page, pageSize, total, totalPages: Math.ceil(total / pageSize) },
  };
}
