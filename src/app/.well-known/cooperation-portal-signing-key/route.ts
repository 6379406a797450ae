import { handleApi } from "@/server/api/respond";
import { respondWithFile } from "@/server/open-data/respond";
import { getSigningKey } from "@/server/open-data/signing-key";

// The public half of the key that signs every open-data file, as an SPKI PEM that openssl reads.
export const GET = handleApi(async (request) =>
  respondWithFile(request, Buffer.from(getSigningKey().publicKeyPem, "utf8"), {
    fileName: "cooperation-portal-signing-key.pem",
    contentType: "text/plain; charset=utf-8",
  }),
);
