import "server-only";
import { PUBLIC_CACHE_CONTROL } from "../api/respond";
import { sha256Hex } from "./serialise";

export interface FileResponseInit {
  fileName: string;
  contentType: string;
  /** attachment: browsers save it rather than show it. */
  disposition?: "inline" | "attachment";
}

/** A public file, cacheable for a short while, with its SHA-256 as ETag; 304 when the client has these bytes. */
export function respondWithFile(request: Request, body: Uint8Array, init: FileResponseInit): Response {
  const etag = `"${sha256Hex(body)}"`;
  const headers = {
    "Content-Type": init.contentType,
    "Content-Disposition": `${init.disposition ?? "inline"}; filename="${init.fileName}"`,
    "Cache-Control": PUBLIC_CACHE_CONTROL,
    ETag: etag,
    "X-Content-Type-Options": "nosniff",
    "Access-Control-Allow-Origin": "*",
  };
  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifNoneMatch && ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag || tag.trim() === "*")) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(new Uint8Array(body), { status: 200, headers });
}
