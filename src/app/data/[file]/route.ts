import { parseDataFileName } from "@/lib/validation/open-data";
import { handleApi, notFoundError } from "@/server/api/respond";
import { dataFile } from "@/server/open-data/files";
import { respondWithFile } from "@/server/open-data/respond";

// /data/{dataset}.{csv|json}, and beside each its .sha256 digest line and raw Ed25519 .sig signature.
export const GET = handleApi<{ file: string }>(async (request, { params }) => {
  const { file } = await params;
  const ref = parseDataFileName(file);
  if (!ref) throw notFoundError(`There is no open-data file named "${file}"; /{locale}/open-data lists them.`);
  const served = await dataFile(ref);
  return respondWithFile(request, served.body, {
    fileName: served.name,
    contentType: served.contentType,
    // Spreadsheets and signatures are saved; JSON and digest lines can be read in the browser.
    disposition: ref.kind === "sig" || (ref.kind === "data" && ref.format === "csv") ? "attachment" : "inline",
  });
});
